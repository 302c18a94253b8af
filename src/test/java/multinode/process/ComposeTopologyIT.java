package multinode.process;

import multinode.test.Hosts;
import multinode.test.Netns;
import multinode.test.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} without Docker: the file is validated and normalised by
 * {@code docker-compose config}, then each service runs the jar with that service's environment and
 * command on a host of its own ({@link Hosts}: a network namespace with one interface on a shared Linux bridge).
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeTopologyIT {

  private static final Map<String, String> ADDRESSES = Map.of("node1", Hosts.address(0), "node2", Hosts.address(1));

  private Map<String, Map<String, Object>> services;
  private Hosts lan;

  @BeforeAll
  @SuppressWarnings("unchecked")
  void readComposeFileAndBuildTheNetwork() {
    String normalised = Netns.sh("docker-compose", "-f", "docker-compose.yml", "config");
    services = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(normalised).get("services");
    lan = Hosts.create(2);
  }

  @AfterAll
  void removeTheNetwork() {
    lan.close();
  }

  @Test
  void theComposeFileDefinesTwoNodesOnPorts4000And4001() {
    assertThat(services).containsOnlyKeys("node1", "node2");
    assertThat(environment("node1")).containsEntry("MULTINODE_HTTP_PORT", "4000");
    assertThat(environment("node2")).containsEntry("MULTINODE_HTTP_PORT", "4001");
  }

  @Test
  void theComposeNodesFormOneClusterByMulticast() {
    formCluster(Map.of());
  }

  @Test
  void theComposeNodesFormOneClusterByAStaticListOfAddresses() {
    formCluster(Map.of("MULTINODE_DISCOVERY", "static",
      "MULTINODE_MEMBERS", ADDRESSES.get("node1") + "," + ADDRESSES.get("node2")));
  }

  private void formCluster(Map<String, String> extraEnv) {
    try (NodeProcess first = run(lan.host(0), "node1", extraEnv).awaitReady();
         NodeProcess second = run(lan.host(1), "node2", extraEnv).awaitReady()) {
      first.awaitLine("node up: multinode@node2", Duration.ofSeconds(30));
      second.awaitLine("node up: multinode@node1", Duration.ofSeconds(30));
      // Hazelcast picked the host's one interface and the event bus followed it
      assertThat(first.lines()).anyMatch(line -> line.startsWith("event bus: " + ADDRESSES.get("node1") + ":"));
      assertThat(second.lines()).anyMatch(line -> line.startsWith("event bus: " + ADDRESSES.get("node2") + ":"));
    }
  }

  private NodeProcess run(Netns host, String service, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(environment(service));
    env.putAll(extraEnv);
    @SuppressWarnings("unchecked")
    List<String> command = (List<String>) services.get(service).get("command");
    return NodeProcess.startIn(host.name(), service, env, command.toArray(new String[0]));
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> environment(String service) {
    Map<String, String> env = new HashMap<>();
    ((Map<String, Object>) services.get(service).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }
}
