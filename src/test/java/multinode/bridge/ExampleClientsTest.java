package multinode.bridge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.chat.ChatSession;
import multinode.test.ClusterNodes;
import multinode.test.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's TCP-bridge examples, run as a user runs them (python3, node) against a 2-node cluster:
 * their tour publishes through node A and receives through node B, asks the groups API, says something in
 * a chat room, and is refused an address outside the permissions and an invoke address.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleClientsTest {

  private final ClusterNodes cluster = new ClusterNodes(2);
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void startTwoNodes() {
    a = cluster.start("a@examples");
    b = cluster.start("b@examples");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void thePythonTourPassesEveryStep() {
    assertTour(Command.run("python3", "examples/python/multinode_bridge.py", "tour", bridge(a), bridge(b)));
  }

  @Test
  void theNodeTourPassesEveryStep() {
    assertTour(Command.run("node", "examples/node/multinode-bridge.js", "tour", bridge(a), bridge(b)));
  }

  @Test
  void aOneLineSayLandsInTheRoomsHistory() {
    Command python = Command.run("python3", "examples/python/multinode_bridge.py", "say", bridge(a), "deploys", "v2 is out", "--from", "ci");
    Command node = Command.run("node", "examples/node/multinode-bridge.js", "say", bridge(b), "deploys", "v3 is out");

    assertThat(python.exit()).as(python.output()).isZero();
    assertThat(node.exit()).as(node.output()).isZero();
    ChatSession reader = a.chat().open((address, event) -> { });
    JsonArray history = ClusterNodes.await(reader.join("deploys", "reader", null, null)).getJsonArray("messages");
    reader.close();
    assertThat(history.stream().map(m -> ((JsonObject) m).getString("from") + ": " + ((JsonObject) m).getString("text")))
      .containsExactly("ci: v2 is out", "node: v3 is out");
  }

  @Test
  void bothExamplesSendTheBridgesTokenFromTheEnvironment() {
    String token = "example-token-" + java.util.UUID.randomUUID();
    Multinode guarded = ClusterNodes.alone("guarded@examples", new JsonObject().put("bridge", new JsonObject().put("token", token)));
    try {
      String address = "127.0.0.1:" + guarded.bridgePort();
      java.util.Map<String, String> right = java.util.Map.of("MULTINODE_BRIDGE_TOKEN", token);
      java.util.Map<String, String> wrong = java.util.Map.of("MULTINODE_BRIDGE_TOKEN", token + "-not");
      for (Command done : List.of(
          Command.run(right, "python3", "examples/python/multinode_bridge.py", "say", address, "ops", "from python"),
          Command.run(right, "node", "examples/node/multinode-bridge.js", "say", address, "ops", "from node"))) {
        assertThat(done.exit()).as(done.output()).isZero();
        assertThat(done.output()).contains("\"seq\":");
      }
      for (Command refused : List.of(
          Command.run(wrong, "python3", "examples/python/multinode_bridge.py", "say", address, "ops", "nope"),
          Command.run(wrong, "node", "examples/node/multinode-bridge.js", "say", address, "ops", "nope"),
          Command.run("python3", "examples/python/multinode_bridge.py", "say", address, "ops", "nope"))) {
        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("unauthorized");
      }
    } finally {
      ClusterNodes.await(guarded.close());
    }
  }

  private static void assertTour(Command result) {
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output().lines().toList()).hasSize(6).allMatch(line -> line.startsWith("ok "), "starts with ok");
    assertThat(result.output()).contains("received through", "request/reply with the groups API",
      "an address outside the permissions: access_denied", "a request to an invoke address: access_denied");
  }

  private static String bridge(Multinode node) {
    return "127.0.0.1:" + node.bridgePort();
  }

}
