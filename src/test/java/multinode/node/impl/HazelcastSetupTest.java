package multinode.node.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.json.JsonObject;
import multinode.config.ConfigLoader;
import multinode.config.NodeConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HazelcastSetupTest {

  private static Config config(Map<String, String> env) {
    NodeConfig node = ConfigLoader.load(env, null, new JsonObject());
    return HazelcastSetup.config(node);
  }

  @Test
  void theMapsOfVertxsOwnClusterFileAreSetAsThatFileSetsThem() {
    Config vertx = io.vertx.spi.cluster.hazelcast.ConfigUtil.loadConfig();
    Config ours = config(Map.of());

    assertThat(vertx.getMultiMapConfigs()).isNotEmpty();
    vertx.getMultiMapConfigs().forEach((name, multiMap) -> assertThat(ours.getMultiMapConfigs().get(name)).isEqualTo(multiMap));
    assertThat(vertx.getMapConfigs()).isNotEmpty();
    vertx.getMapConfigs().forEach((name, map) -> assertThat(ours.getMapConfigs().get(name)).isEqualTo(map));
  }

  @Test
  void hazelcastsOwnMetricsAreOff() {
    assertThat(config(Map.of()).getMetricsConfig().isEnabled()).isFalse();
  }

  @Test
  void multicastIsTheOnlyJoinByDefault() {
    JoinConfig join = config(Map.of()).getNetworkConfig().getJoin();

    assertThat(join.getMulticastConfig().isEnabled()).isTrue();
    assertThat(join.getMulticastConfig().getMulticastGroup()).isEqualTo("224.2.2.3");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
  }

  @Test
  void staticDiscoveryListsTheMembers() {
    Config config = config(Map.of("MULTINODE_DISCOVERY", "static", "MULTINODE_MEMBERS", "10.0.0.1:5701,node2"));

    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701", "node2");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  void kubernetesDiscoveryUsesTheHeadlessServiceDns() {
    Config config = config(Map.of("MULTINODE_DISCOVERY", "kubernetes",
      "MULTINODE_KUBERNETES_SERVICE_DNS", "multinode-hazelcast.default.svc.cluster.local"));

    var kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig();
    assertThat(kubernetes.isEnabled()).isTrue();
    assertThat(kubernetes.getProperty("service-dns")).isEqualTo("multinode-hazelcast.default.svc.cluster.local");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  void theCookieNameAndFailureTimingsReachHazelcast() {
    Config config = config(Map.of("MULTINODE_COOKIE", "monster", "MULTINODE_NODE_NAME", "a@h",
      "MULTINODE_FAILURE_TIMEOUT_SECONDS", "7", "MULTINODE_CLUSTER_HOST", "127.0.0.1"));

    assertThat(config.getClusterName()).isEqualTo(ConfigLoader.load(Map.of("MULTINODE_COOKIE", "monster"), null,
      new JsonObject()).clusterName());
    assertThat(config.getMemberAttributeConfig().getAttributes()).containsEntry(HazelcastSetup.NAME_ATTRIBUTE, "a@h");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("7");
    assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.partition.count")).isEqualTo("31");
    assertThat(config(Map.of("MULTINODE_PARTITIONS", "271")).getProperty("hazelcast.partition.count")).isEqualTo("271");
    // Vert.x's own map settings survive
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }
}
