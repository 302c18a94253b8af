package multinode.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * What the node's three listeners (the public HTTP server, the operator API, the TCP bridge) read the
 * same way: a port beside the HTTP port when none is given, any free port for 0, where they are bound, and
 * the token a listener beyond loopback must have.
 */
final class Listeners {

  /** The shortest token accepted: a guessable one is no door. */
  static final int MIN_TOKEN_LENGTH = 16;

  private Listeners() {
  }

  /** Whether a port key was left empty (absent, or a blank string from the environment). */
  static boolean unset(Object rawPort) {
    return rawPort == null || rawPort instanceof String s && s.isBlank();
  }

  /** {@code http.port + offset}, the default of {@code key}; refused when it would be past 65535. */
  static int besideHttp(String key, HttpSettings http, int offset) {
    int port = http.port() + offset;
    if (port > 65535) {
      throw new ConfigException(key, "must be set when http.port is above " + (65535 - offset)
        + " (its default is http.port + " + offset + ")");
    }
    return port;
  }

  /** A port the kernel has free on {@code host} now (its next ephemeral port), for the listener {@code listener}. */
  static int freePort(String listener, String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host.replaceAll("^\\[|]$", "")), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ConfigException(listener + ".port", "0 asks for any free port on " + host + " (" + listener
        + ".host), and there is none: " + e.getMessage());
    }
  }

  /**
   * {@code <listener>.token}: "" or at least {@value #MIN_TOKEN_LENGTH} characters, and required when the
   * listener is on and bound beyond loopback.
   *
   * @param why what the listener lets its clients do, for the refusal
   */
  static String token(ConfigReader in, String listener, String host, boolean listening, String why) {
    String key = listener + ".token";
    String token = in.string(key);
    if (!token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException(key, "must be at least " + MIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 24)");
    }
    if (listening && token.isEmpty() && !loopback(listener + ".host", host)) {
      throw new ConfigException(key, "must be set when " + listener + ".host is not a loopback address ("
        + listener + ".host is " + host + "): " + why);
    }
    return token;
  }

  /** Whether {@code host} names this machine's loopback only. */
  static boolean loopback(String key, String host) {
    try {
      return InetAddress.getByName(host.replaceAll("^\\[|]$", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(key, "\"" + host + "\" is not an address of this machine: " + e.getMessage());
    }
  }

  /** Whether a listen address is every interface. */
  static boolean wildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
