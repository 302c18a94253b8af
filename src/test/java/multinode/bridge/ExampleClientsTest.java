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
