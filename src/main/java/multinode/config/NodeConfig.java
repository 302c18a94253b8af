package multinode.config;

import io.vertx.core.json.JsonObject;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;

/**
 * The whole, validated configuration of one node.
 * <p>
 * Built once at start by {@link ConfigLoader} from {@code conf/multinode.json}, {@code MULTINODE_*}
 * environment variables, {@code -conf} and command-line flags, in that order of precedence (last wins).
 *
 * @param name the node's name, unique in its cluster (like Erlang's {@code multinode@172.18.0.5})
 * @param cookie the shared secret that decides which cluster the node joins
 * @param eventLoops how many event-loop threads the node runs; 0 leaves Vert.x's default (twice the
 *   cores). One is the default: each capability is single-threaded anyway, and with one loop a message
 *   is never handed from thread to thread on its way through the node (a call's round trip is 4× shorter)
 * @param cluster how the node joins and watches its cluster
 * @param http the public HTTP server: the chat page, its bridge, {@code /health} and {@code /ready}
 * @param admin the operator's HTTP listener: every {@code /api} route and {@code /metrics}
 * @param pingTimeoutMs how long a ping waits for its pong before answering pang
 * @param pubSub how pubsub messages travel between nodes
 * @param invoke running tasks on other nodes
 * @param chat where the chat keeps its rooms' history
 * @param bridge the TCP event-bus bridge for other services
 * @param ha Vert.x HA: failover of verticles deployed with {@code ha}
 */
public record NodeConfig(String name, String cookie, int eventLoops, ClusterSettings cluster, HttpSettings http,
                         AdminSettings admin,
                         int pingTimeoutMs, PubSubSettings pubSub, InvokeSettings invoke, ChatSettings chat, BridgeSettings bridge,
                         HaSettings ha) {

  /** Node names: printable, no whitespace, at most this long. */
  public static final int MAX_NAME_LENGTH = 255;

  /**
   * Validates the merged configuration.
   *
   * @throws ConfigException naming the first key whose value is not accepted
   */
  public static NodeConfig fromJson(JsonObject json) {
    ConfigReader in = new ConfigReader(json);
    String cookie = in.string("node.cookie");
    if (cookie.isEmpty()) {
      throw new ConfigException("node.cookie", "must not be empty (nodes with the same cookie form one cluster)");
    }
    ClusterSettings cluster = ClusterSettings.read(in);
    HttpSettings http = HttpSettings.read(in);
    String name = in.string("node.name");
    if (name.isEmpty()) {
      name = defaultName(cluster.host(), http.port());
    } else if (name.length() > MAX_NAME_LENGTH || !name.matches("\\S+")) {
      throw new ConfigException("node.name", "must be 1 to " + MAX_NAME_LENGTH
        + " characters without spaces, got \"" + name + "\"");
    }
    return new NodeConfig(name, cookie, in.integer("node.eventLoops", 0, 1024), cluster, http, AdminSettings.read(in, http),
      in.integer("ping.timeoutMs", 1, 60_000),
      PubSubSettings.read(in), InvokeSettings.read(in, cluster.tls()), ChatSettings.read(in), BridgeSettings.read(in, http),
      HaSettings.read(in));
  }

  /**
   * The Hazelcast cluster name this node joins: derived from the cookie, so nodes with different
   * cookies never see each other, and the cookie itself never appears in logs or on the wire.
   */
  public String clusterName() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.UTF_8));
      return "multinode-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * {@code multinode@<host address>}, like Erlang's long names; a node on another HTTP port than the
   * default 4000 becomes {@code multinode-<port>@<host address>} so that two nodes on one machine
   * never share a name.
   */
  private static String defaultName(String clusterHost, int httpPort) {
    String prefix = httpPort == 4000 ? "multinode" : "multinode-" + httpPort;
    return prefix + "@" + (clusterHost.isEmpty() ? hostAddress() : clusterHost);
  }

  /** The first IPv4 address of an interface that is up and not loopback, else 127.0.0.1. */
  private static String hostAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // no interface list: fall through to loopback
    }
    return "127.0.0.1";
  }
}
