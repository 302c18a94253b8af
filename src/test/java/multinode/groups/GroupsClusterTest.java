package multinode.groups;

import ch.qos.logback.classic.Level;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.Protocol;
import multinode.groups.impl.GroupsEngine;
import multinode.test.ClusterNodes;
import multinode.test.LogCapture;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The groups contract on a 3-node cluster: written on the first node, read on the third. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsClusterTest extends GroupsContract {

  private final ClusterNodes cluster = new ClusterNodes(3);
  private Multinode a;
  private Multinode b;
  private Multinode c;

  @BeforeAll
  void start() {
    a = cluster.start("a@groups");
    b = cluster.start("b@groups");
    c = cluster.start("c@groups");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Override
  Multinode writer() {
    return a;
  }

  @Override
  Multinode reader() {
    return c;
  }

  @Test
  void batchesOfAnotherReleaseAreNotReadAndTheirNodeIsNamed() {
    try (LogCapture logged = LogCapture.of(Protocol.class)) {
      String from = b.nodes().self().id();
      // the release before sent JSON; a later one starts its binary form with another version
      b.vertx().eventBus().publish(GroupAddresses.OPS, new JsonObject().put("v", 1).put("from", from).put("first", 1)
        .put("members", new JsonObject()).put("ops", new JsonArray().add(new JsonArray().add(3).add("default").add("stranger-json"))));
      byte[] id = from.getBytes(StandardCharsets.UTF_8);
      b.vertx().eventBus().publish(GroupAddresses.OPS, Buffer.buffer().appendInt(99).appendInt(id.length).appendBytes(id)
        .appendLong(1).appendLong(-1).appendInt(0).appendInt(0));
      a.groups().create("after-strangers").await();

      Poll.until(Duration.ofSeconds(10), "c sees the group made after them", () -> c.groups().exists("after-strangers"));
      assertThat(c.groups().whichGroups()).doesNotContain("stranger-json");
      assertThat(logged.lines()).contains("groups: node b@groups speaks groups protocol 1, this node 2; what it sends is ignored");
    }
  }

  @Test
  void aBatchCutShortOrGarbledIsSaidInOneLineAndTheRestStillArrives() {
    try (LogCapture logged = LogCapture.of(GroupsEngine.class)) {
      byte[] id = b.nodes().self().id().getBytes(StandardCharsets.UTF_8);
      // this protocol's version and b's id, then five members announced and none there
      b.vertx().eventBus().publish(GroupAddresses.OPS, Buffer.buffer().appendInt(2).appendInt(id.length).appendBytes(id)
        .appendLong(1).appendLong(1).appendInt(5));
      b.vertx().eventBus().publish(GroupAddresses.OPS, Buffer.buffer().appendBytes(new byte[] {7, 7, 7}));
      b.groups().create("after-garbage").await();

      Poll.until(Duration.ofSeconds(10), "c sees b's group made after them", () -> c.groups().exists("after-garbage"));
      Poll.until(Duration.ofSeconds(10), "both batches are told of on both other nodes", () -> logged.lines().size() >= 4);
      assertThat(logged.lines())
        .anyMatch(line -> line.matches("groups: a batch of \\d+ bytes from b@groups could not be read \\(.+\\); ignored"))
        .anyMatch(line -> line.matches("groups: a batch of 3 bytes from a node it does not name could not be read \\(.+\\); ignored"));
      assertThat(logged.events()).allMatch(event -> event.getThrowableProxy() == null && event.getLevel() == Level.WARN);
    }
  }
}
