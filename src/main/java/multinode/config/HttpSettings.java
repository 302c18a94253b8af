package multinode.config;

/**
 * The node's HTTP server.
 *
 * @param host the address to listen on ({@code 0.0.0.0}: every interface)
 * @param port the port to listen on; {@code http.port} 0 is any free port, chosen when the configuration
 *   is read, so that the node's name, its records and its banner carry the port it listens on
 * @param anyPort whether {@code http.port} was 0
 * @param publicUrl the URL other nodes and browsers are told to use; "" derives one from the host
 * @param sessions how many bridge sessions one remote address may hold and open
 */
public record HttpSettings(String host, int port, boolean anyPort, String publicUrl, SessionLimits sessions) {

  /**
   * What one remote address may do on the public port's bridge: at most {@code perAddress} SockJS sessions
   * and WebSockets open at once, and {@code perSecond} new ones a second (a bucket of one second's worth).
   * 0 lifts a limit. Loopback addresses are never limited: a proxy on the same machine carries everyone.
   */
  public record SessionLimits(int perAddress, int perSecond) {

    static SessionLimits read(ConfigReader in) {
      return new SessionLimits(in.integer("http.sessions.perAddress", 0, 1_000_000),
        in.integer("http.sessions.perSecond", 0, 1_000_000));
    }
  }

  static HttpSettings read(ConfigReader in) {
    String publicUrl = in.string("http.publicUrl");
    if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw new ConfigException("http.publicUrl", "must be an http:// or https:// URL, got \"" + publicUrl + "\"");
    }
    String host = in.string("http.host");
    if (host.isEmpty()) {
      throw new ConfigException("http.host", "must not be empty; use 0.0.0.0 for every interface");
    }
    int port = in.integer("http.port", 0, 65535);
    return new HttpSettings(host, port == 0 ? Listeners.freePort("http", host) : port, port == 0, publicUrl,
      SessionLimits.read(in));
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
    return Listeners.wildcard(host);
  }
}
