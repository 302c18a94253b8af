package multinode.config;

import java.util.List;

/**
 * How this node joins its cluster and how fast it declares others dead.
 *
 * @param discovery how members find each other
 * @param members the static member list, {@code host[:port]} each (static discovery)
 * @param host the interface to bind cluster traffic to; "" lets Hazelcast pick one
 * @param hazelcastPort the first membership port tried (the next ones are tried when it is taken)
 * @param eventBusPort the event bus's port; 0 picks a free one
 * @param multicastGroup the multicast group (multicast discovery)
 * @param multicastPort the multicast port (multicast discovery)
 * @param kubernetesServiceDns the headless service's DNS name (kubernetes discovery)
 * @param kubernetesNamespace the namespace, "" for the pod's own (kubernetes discovery)
 * @param heartbeatSeconds how often members send heartbeats
 * @param failureTimeoutSeconds silence after which a member is declared dead (a hung node)
 * @param partitions how many partitions the cluster's maps are spread over; every node must agree
 * @param tls mutual TLS on the event bus, or off
 */
public record ClusterSettings(
  Discovery discovery,
  List<String> members,
  String host,
  int hazelcastPort,
  int eventBusPort,
  String multicastGroup,
  int multicastPort,
  String kubernetesServiceDns,
  String kubernetesNamespace,
  int heartbeatSeconds,
  int failureTimeoutSeconds,
  int partitions,
  ClusterTls tls) {

  static ClusterSettings read(ConfigReader in) {
    Discovery discovery = Discovery.parse("cluster.discovery", in.string("cluster.discovery"));
    List<String> members = in.list("cluster.members");
    members.forEach(MemberAddress::check);
    if (discovery == Discovery.STATIC && members.isEmpty()) {
      throw new ConfigException("cluster.members", "required when cluster.discovery is static; expected host[:port],…");
    }
    String serviceDns = in.string("cluster.kubernetes.serviceDns");
    if (discovery == Discovery.KUBERNETES && serviceDns.isEmpty()) {
      throw new ConfigException("cluster.kubernetes.serviceDns", "required when cluster.discovery is kubernetes");
    }
    int heartbeat = in.integer("cluster.heartbeatSeconds", 1, 60);
    int failureTimeout = in.integer("cluster.failureTimeoutSeconds", 2, 600);
    if (failureTimeout <= heartbeat) {
      throw new ConfigException("cluster.failureTimeoutSeconds", "must be greater than cluster.heartbeatSeconds ("
        + heartbeat + "), got " + failureTimeout);
    }
    return new ClusterSettings(discovery, members, in.string("cluster.host"),
      in.integer("cluster.hazelcastPort", 1, 65535), in.integer("cluster.eventBusPort", 0, 65535),
      in.string("cluster.multicast.group"), in.integer("cluster.multicast.port", 1, 65535),
      serviceDns, in.string("cluster.kubernetes.namespace"), heartbeat, failureTimeout,
      in.integer("cluster.partitions", 1, 10_000), ClusterTls.read(in));
  }

  /** Checks one {@code host[:port]} entry of the member list. */
  private static final class MemberAddress {
    private static final String PATTERN = "([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?";

    static void check(String member) {
      boolean ok = member.matches(PATTERN);
      if (ok && member.matches(".*:\\d+$")) {
        int port = Integer.parseInt(member.substring(member.lastIndexOf(':') + 1));
        ok = port >= 1 && port <= 65535;
      }
      if (!ok) {
        throw new ConfigException("cluster.members", "malformed member \"" + member + "\"; expected host[:port],…");
      }
    }
  }
}
