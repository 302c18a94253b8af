package multinode.config;

/**
 * The operator's listener: every {@code /api} route and {@code /metrics}, on a port of its own, so that the
 * public port (the chat page, its bridge, {@code /health}, {@code /ready}) can be opened to users.
 *
 * @param host the address to listen on; loopback by default. Any other address needs a {@code token}
 * @param port the port; left empty it is the HTTP port + {@value #PORT_OFFSET} (5000 beside the default
 *   4000), or any free port when {@code http.port} is 0; 0 is any free port
 * @param token what a request must send as {@code Authorization: Bearer <token>} (or, from a browser, as
 *   the password of HTTP basic authentication); "" asks for nothing, which only a loopback listener may do
 * @param dashboard whether the listener serves the live dashboard at {@code /dashboard}
 */
public record AdminSettings(String host, int port, String token, boolean dashboard) {

  /** Added to the HTTP port when {@code admin.port} is left empty. */
  static final int PORT_OFFSET = 1000;

  static AdminSettings read(ConfigReader in, HttpSettings http) {
    String host = in.string("admin.host");
    if (host.isEmpty()) {
      throw new ConfigException("admin.host", "must not be empty; 127.0.0.1 keeps the operator API on this machine");
    }
    String token = Listeners.token(in, "admin", host, true, "the operator API runs tasks and posts notices on every node");
    int port;
    if (!Listeners.unset(in.raw("admin.port"))) {
      port = in.integer("admin.port", 0, 65535);
    } else {
      port = http.anyPort() ? 0 : Listeners.besideHttp("admin.port", http, PORT_OFFSET);
    }
    if (port != 0 && port == http.port()) {
      throw new ConfigException("admin.port", "must differ from http.port (" + port + "): the operator API has a listener of its own");
    }
    return new AdminSettings(host, port == 0 ? Listeners.freePort("admin", host) : port, token, in.bool("admin.dashboard"));
  }

  /** Whether requests must carry the token. */
  public boolean tokenRequired() {
    return !token.isEmpty();
  }

  /** The URL the operator API is reached on from this machine, for the start-up banner. */
  public String localUrl() {
    return "http://" + (Listeners.wildcard(host) ? "localhost" : host) + ":" + port;
  }
}
