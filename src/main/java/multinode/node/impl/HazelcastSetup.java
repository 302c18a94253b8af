package multinode.node.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import multinode.config.ClusterSettings;
import multinode.config.NodeConfig;

/**
 * Builds the Hazelcast configuration of a node from its {@link NodeConfig}.
 * <p>
 * It holds the {@code __vertx.*} map settings of Vert.x's own {@code default-cluster.xml}, written here
 * rather than read from it: parsing and validating that file against Hazelcast's schema took a third of
 * a second of every start. It sets: the cluster name derived from the cookie; the node's name as a member attribute (so a
 * departing member can be named even before its event bus was reached); failure detection; joins that
 * do not idle (Hazelcast waits 5–20 s by default); and exactly one discovery mode.
 */
public final class HazelcastSetup {

  /** Member attribute that carries the node's name. */
  public static final String NAME_ATTRIBUTE = "multinode.name";

  private HazelcastSetup() {
  }

  /** The Hazelcast configuration for this node. */
  public static Config config(NodeConfig node) {
    ClusterSettings cluster = node.cluster();
    Config cfg = vertxMaps(new Config());
    cfg.setClusterName(node.clusterName());
    cfg.getMemberAttributeConfig().setAttribute(NAME_ATTRIBUTE, node.name());
    cfg.setProperty("hazelcast.logging.type", "slf4j");
    cfg.setProperty("hazelcast.phone.home.enabled", "false");
    // nothing reads Hazelcast's own metrics; collecting them costs CPU and warns when a member leaves
    cfg.getMetricsConfig().setEnabled(false);
    // its health monitor collects the JVM's and Hazelcast's figures every 20 s to print them only past a
    // threshold; /metrics has them
    cfg.setProperty("hazelcast.health.monitoring.level", "OFF");
    cfg.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(cluster.heartbeatSeconds()));
    cfg.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(cluster.failureTimeoutSeconds()));
    // every partition costs its owner a backup check twice a minute and a migration on each join or
    // leave; the maps are small (subscriptions, records, groups, histories capped per room), so 31
    // rather than Hazelcast's 271 (docs/scale.md)
    cfg.setProperty("hazelcast.partition.count", String.valueOf(cluster.partitions()));
    // a killed member: the kernel closes its sockets at once, and the first failed reconnect (checked every
    // 20 ms) makes it suspect, so survivors report it down in about 60 ms rather than 350 (three faults,
    // 100 ms apart). A slow or lossy link raises no connection error; a hung member still goes after
    // max.no.heartbeat.seconds
    cfg.setProperty("hazelcast.connection.monitor.interval", "20");
    cfg.setProperty("hazelcast.connection.monitor.max.faults", "1");
    cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
    cfg.setProperty("hazelcast.max.wait.seconds.before.join", "1");
    // split-brain healing: look for the other side every 3 s rather than every 5 minutes, so that a
    // healed partition merges within seconds; each look is one multicast or TCP probe per member
    cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "3");
    network(cfg, cluster);
    join(cfg.getNetworkConfig().getJoin(), cluster);
    return cfg;
  }

  /** What Vert.x's {@code default-cluster.xml} sets beside the join: its maps, each with one backup. */
  private static Config vertxMaps(Config cfg) {
    cfg.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
      .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    cfg.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    cfg.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    return cfg;
  }

  private static void network(Config cfg, ClusterSettings cluster) {
    NetworkConfig network = cfg.getNetworkConfig();
    network.setPort(cluster.hazelcastPort()).setPortAutoIncrement(true).setPortCount(20);
    if (!cluster.host().isEmpty()) {
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
      cfg.setProperty("hazelcast.socket.bind.any", "false");
    }
  }

  private static void join(JoinConfig join, ClusterSettings cluster) {
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    switch (cluster.discovery()) {
      case MULTICAST -> join.getMulticastConfig().setEnabled(true)
        .setMulticastGroup(cluster.multicastGroup())
        .setMulticastPort(cluster.multicastPort())
        .setMulticastTimeoutSeconds(1);
      case STATIC -> join.getTcpIpConfig().setEnabled(true)
        .setConnectionTimeoutSeconds(1)
        .setMembers(cluster.members());
      case KUBERNETES -> {
        var kubernetes = join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", cluster.kubernetesServiceDns());
        if (!cluster.kubernetesNamespace().isEmpty()) {
          kubernetes.setProperty("namespace", cluster.kubernetesNamespace());
        }
      }
    }
  }
}
