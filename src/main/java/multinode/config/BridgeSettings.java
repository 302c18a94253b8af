package multinode.config;

import java.util.List;

/**
 * The TCP event-bus bridge other services connect to.
 *
 * @param host the address to listen on; "" listens where the HTTP server does
 * @param port the port; 0 turns the bridge off. Left empty it is the HTTP port + 3000 (7000 beside the
 *   default 4000), so that two nodes on one machine never ask for the same port
 * @param maxFrameBytes the largest frame a client may send; a longer one closes its socket
 * @param topicPrefixes the pubsub topics a bridge client may publish to and subscribe to: those starting
 *   with one of these
 */
public record BridgeSettings(String host, int port, int maxFrameBytes, List<String> topicPrefixes) {

  /** Added to the HTTP port when {@code bridge.port} is left empty. */
  static final int PORT_OFFSET = 3000;

  static BridgeSettings read(ConfigReader in, HttpSettings http) {
    String host = in.string("bridge.host");
    Object rawPort = in.raw("bridge.port");
    int port;
    if ((rawPort == null || rawPort instanceof String s && s.isBlank()) && http.anyPort()) {
      // an HTTP server on any free port has no fixed neighbour: the bridge is off unless bridge.port names one
      port = 0;
    } else if (rawPort == null || rawPort instanceof String s && s.isBlank()) {
      port = http.port() + PORT_OFFSET;
      if (port > 65535) {
        throw new ConfigException("bridge.port", "must be set when http.port is above " + (65535 - PORT_OFFSET)
          + " (its default is http.port + " + PORT_OFFSET + ")");
      }
    } else {
      port = in.integer("bridge.port", 0, 65535);
    }
    List<String> prefixes = in.list("bridge.topicPrefixes");
    return new BridgeSettings(host.isEmpty() ? http.host() : host, port,
      in.integer("bridge.maxFrameBytes", 1024, 16 * 1024 * 1024), prefixes);
  }

  /** Whether the bridge listens at all. */
  public boolean enabled() {
    return port > 0;
  }
}
