package multinode.config;

import multinode.Topics;

import java.util.List;

/**
 * The TCP event-bus bridge other services connect to.
 *
 * @param host the address to listen on; loopback by default. {@value #CLUSTER} is the address the node's
 *   event bus is reached on (loopback when the node runs alone): the cluster's own network, like loopback
 *   trusted without a token. Any other address needs a {@code token}
 * @param port the port; 0 turns the bridge off. Left empty it is the HTTP port + 3000 (7000 beside the
 *   default 4000), so that two nodes on one machine never ask for the same port
 * @param maxFrameBytes the largest frame a client may send; a longer one closes its socket
 * @param topicPrefixes the pubsub topics a bridge client may publish to and subscribe to: those starting
 *   with one of these; none may reach the capabilities' own topics ({@code multinode.*})
 * @param token what a client must send in its first frame ({@code {"type":"auth","token":…}}); "" asks for
 *   nothing, which only a loopback listener may do
 */
public record BridgeSettings(String host, int port, int maxFrameBytes, List<String> topicPrefixes, String token) {

  /** Added to the HTTP port when {@code bridge.port} is left empty. */
  static final int PORT_OFFSET = 3000;
  /** The {@code bridge.host} that means the cluster's interface (see {@link #on}). */
  public static final String CLUSTER = "cluster";

  static BridgeSettings read(ConfigReader in, HttpSettings http) {
    String host = in.string("bridge.host");
    int port;
    if (!Listeners.unset(in.raw("bridge.port"))) {
      port = in.integer("bridge.port", 0, 65535);
    } else {
      // an HTTP server on any free port has no fixed neighbour: the bridge is off unless bridge.port names one
      port = http.anyPort() ? 0 : Listeners.besideHttp("bridge.port", http, PORT_OFFSET);
    }
    List<String> prefixes = in.list("bridge.topicPrefixes");
    for (String prefix : prefixes) {
      if (Topics.reachesInternal(prefix)) {
        throw new ConfigException("bridge.topicPrefixes", "\"" + prefix + "\" reaches the capabilities' own topics ("
          + Topics.INTERNAL_PREFIX + "*), which only they may publish to");
      }
    }
    String listen = host.isEmpty() ? "127.0.0.1" : host;
    boolean beyondTrust = port > 0 && !listen.equals(CLUSTER);
    String token = Listeners.token(in, "bridge", listen, beyondTrust,
      "a bridge client posts into rooms and publishes to topics (bridge.host cluster, the cluster's own network, needs none)");
    return new BridgeSettings(listen, port, in.integer("bridge.maxFrameBytes", 1024, 16 * 1024 * 1024), prefixes, token);
  }

  /**
   * These settings with {@link #CLUSTER} replaced by the address the node's event bus is reached on.
   *
   * @param eventBusHost that address, or null when the node runs alone (then loopback)
   */
  public BridgeSettings on(String eventBusHost) {
    if (!host.equals(CLUSTER)) {
      return this;
    }
    return new BridgeSettings(eventBusHost == null ? "127.0.0.1" : eventBusHost, port, maxFrameBytes, topicPrefixes, token);
  }

  /** Whether a client must authenticate in its first frame. */
  public boolean tokenRequired() {
    return !token.isEmpty();
  }

  /** Whether the bridge listens at all. */
  public boolean enabled() {
    return port > 0;
  }
}
