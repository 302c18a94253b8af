package multinode.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.Poll;
import multinode.test.SharedDeployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Set;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence between nodes that share rooms through Redis without a cluster: they know each other only by
 * their presence messages, so a node that stops says so, and one that falls silent is dropped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatWithoutClusterTest {

  private SharedDeployment deployment;
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void start() {
    deployment = SharedDeployment.redis("a@no-cluster", "b@no-cluster");
    a = deployment.nodes().get(0);
    b = deployment.nodes().get(1);
  }

  @AfterAll
  void stop() {
    deployment.close();
  }

  @Test
  void everyNodeListsEveryUserAndANodeThatStopsTakesItsUsersAtOnce() {
    ChatSession alice = a.chat().open((address, event) -> { });
    ChatSession bob = b.chat().open((address, event) -> { });
    await(alice.join("hall", "alice", null, null));
    await(bob.join("hall", "bob", null, null));
    Poll.until(Duration.ofSeconds(10), "both nodes list alice and bob", () ->
      a.chat().presence("hall").fieldNames().equals(Set.of("alice", "bob"))
        && b.chat().presence("hall").fieldNames().equals(Set.of("alice", "bob")));

    Multinode c = deployment.start("c@no-cluster");
    ChatSession carol = c.chat().open((address, event) -> { });
    await(carol.join("hall", "carol", null, null));
    Poll.until(Duration.ofSeconds(10), "a node that comes later sees everyone, and everyone it", () ->
      c.chat().presence("hall").fieldNames().equals(Set.of("alice", "bob", "carol"))
        && a.chat().presence("hall").fieldNames().contains("carol"));

    await(c.close());

    // well within the 10 s after which a silent node is dropped: the node said it left
    Poll.until(Duration.ofSeconds(5), "carol is gone from both nodes", () ->
      a.chat().presence("hall").fieldNames().equals(Set.of("alice", "bob"))
        && b.chat().presence("hall").fieldNames().equals(Set.of("alice", "bob")));
    alice.close();
    bob.close();
  }

  @Test
  void theUsersOfANodeThatFallsSilentAreDroppedAfterTheSilenceTimeout() {
    JsonObject ghost = new JsonObject().put("ref", "ghost-ref").put("nick", "ghost").put("node", "ghost@nowhere")
      .put("nodeId", "ghost-node");
    await(a.pubSub().broadcast(ChatAddresses.PRESENCE_TOPIC, new JsonObject().put("v", 1).put("type", "diff").put("nodeId", "ghost-node")
      .put("node", "ghost@nowhere").put("room", "attic").put("joins", new JsonArray().add(ghost)).put("leaves", new JsonArray())));
    Poll.until(Duration.ofSeconds(10), "both nodes list the ghost", () ->
      a.chat().presence("attic").containsKey("ghost") && b.chat().presence("attic").containsKey("ghost"));
    long heard = System.nanoTime();

    Poll.until(Duration.ofSeconds(30), "the ghost is dropped", () ->
      a.chat().rooms().stream().noneMatch("attic"::equals) && b.chat().rooms().stream().noneMatch("attic"::equals));

    assertThat((System.nanoTime() - heard) / 1_000_000).as("ms until dropped").isGreaterThanOrEqualTo(8_000);
  }
}
