package multinode.config;

/**
 * The node's HTTP server.
 *
 * @param host the address to listen on ({@code 0.0.0.0}: every interface)
 * @param port the port to listen on
 * @param publicUrl the URL other nodes and browsers are told to use; "" derives one from the host
 */
public record HttpSettings(String host, int port, String publicUrl) {

  static HttpSettings read(ConfigReader in) {
    String publicUrl = in.string("http.publicUrl");
    if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw new ConfigException("http.publicUrl", "must be an http:// or https:// URL, got \"" + publicUrl + "\"");
    }
    String host = in.string("http.host");
    if (host.isEmpty()) {
      throw new ConfigException("http.host", "must not be empty; use 0.0.0.0 for every interface");
    }
    return new HttpSettings(host, in.integer("http.port", 1, 65535), publicUrl);
  }

  /** The URL other nodes and browsers are told to use: {@code publicUrl}, else the listen address; null when that is every interface. */
  public String explicitUrl() {
    if (!publicUrl.isEmpty()) {
      return publicUrl;
    }
    return wildcard() ? null : "http://" + host + ":" + port;
  }

  /** The URL this node's HTTP server is reached on from this machine, for the start-up banner. */
  public String localUrl() {
    String url = explicitUrl();
    return url != null ? url : "http://localhost:" + port;
  }

  /** Whether the server listens on every interface. */
  public boolean wildcard() {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
