package multinode.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The operator's listener: every {@code /api} route and {@code /metrics}, on a port of its own, so that the
 * public port (the chat page, its bridge, {@code /health}, {@code /ready}) can be opened to users.
 *
 * @param host the address to listen on; loopback by default. Any other address needs a {@code token}
 * @param port the port; left empty it is the HTTP port + {@value #PORT_OFFSET} (5000 beside the default
 *   4000), or any free port when {@code http.port} is 0; 0 is any free port
 * @param token what a request must send as {@code Authorization: Bearer <token>}; "" asks for nothing,
 *   which only a loopback listener may do
 */
public record AdminSettings(String host, int port, String token) {

  /** Added to the HTTP port when {@code admin.port} is left empty. */
  static final int PORT_OFFSET = 1000;
  /** The shortest token accepted: a guessable one is no door. */
  static final int MIN_TOKEN_LENGTH = 16;

  static AdminSettings read(ConfigReader in, HttpSettings http) {
    String host = in.string("admin.host");
    if (host.isEmpty()) {
      throw new ConfigException("admin.host", "must not be empty; 127.0.0.1 keeps the operator API on this machine");
    }
    String token = in.string("admin.token");
    if (!token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException("admin.token", "must be at least " + MIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 24)");
    }
    if (token.isEmpty() && !loopback("admin.host", host)) {
      throw new ConfigException("admin.token", "must be set when admin.host is not a loopback address (admin.host is "
        + host + "): the operator API runs tasks and posts notices on every node");
    }
    Object rawPort = in.raw("admin.port");
    int port;
    if (rawPort == null || rawPort instanceof String s && s.isBlank()) {
      port = http.anyPort() ? 0 : http.port() + PORT_OFFSET;
      if (port > 65535) {
        throw new ConfigException("admin.port", "must be set when http.port is above " + (65535 - PORT_OFFSET)
          + " (its default is http.port + " + PORT_OFFSET + ")");
      }
    } else {
      port = in.integer("admin.port", 0, 65535);
    }
    if (port != 0 && port == http.port()) {
      throw new ConfigException("admin.port", "must differ from http.port (" + port + "): the operator API has a listener of its own");
    }
    return new AdminSettings(host, port == 0 ? HttpSettings.freePort("admin", host) : port, token);
  }

  /** Whether {@code host} names this machine's loopback only. */
  static boolean loopback(String key, String host) {
    try {
      return InetAddress.getByName(host.replaceAll("^\\[|]$", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(key, "\"" + host + "\" is not an address of this machine: " + e.getMessage());
    }
  }

  /** Whether requests must carry the token. */
  public boolean tokenRequired() {
    return !token.isEmpty();
  }

  /** The URL the operator API is reached on from this machine, for the start-up banner. */
  public String localUrl() {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    return "http://" + (wildcard ? "localhost" : host) + ":" + port;
  }
}
