package multinode;

import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonObject;
import multinode.test.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A protocol version between nodes: frames of another are not read, and their sender is named once. */
class ProtocolTest {

  private LogCapture logged;

  @BeforeEach
  void listen() {
    logged = LogCapture.of(Protocol.class);
  }

  @AfterEach
  void stopListening() {
    logged.close();
  }

  @Test
  void aFrameOfThisVersionIsReadAndOneOfAnotherOrNoneIsNotWithOneWarnPerSender() {
    Protocol protocol = new Protocol("pubsub", 2);
    JsonObject ours = protocol.stamp(new JsonObject().put("topic", "t"));

    assertThat(ours.getInteger("v")).isEqualTo(2);
    assertThat(protocol.understood(ours, "a@x")).isTrue();
    assertThat(protocol.understood(new JsonObject().put("v", 3), "b@x")).isFalse();
    assertThat(protocol.understood(new JsonObject().put("v", 3), "b@x")).isFalse();
    assertThat(protocol.understood(new JsonObject(), "c@x")).as("a node from before versions").isFalse();
    assertThat(protocol.understood(new JsonObject().put("v", "2"), "d@x")).as("a version that is not a number").isFalse();

    assertThat(logged.levels()).containsOnly(Level.WARN);
    assertThat(logged.lines()).containsExactly(
      "pubsub: node b@x speaks pubsub protocol 3, this node 2; what it sends is ignored",
      "pubsub: node c@x speaks pubsub protocol none, this node 2; what it sends is ignored",
      "pubsub: node d@x speaks pubsub protocol 2, this node 2; what it sends is ignored");
  }

  @Test
  void aBinaryFrameSaysItsVersionAsANumber() {
    Protocol protocol = new Protocol("groups", 2);

    assertThat(protocol.understood(2, "a@x")).isTrue();
    assertThat(protocol.understood(1, "b@x")).isFalse();
    assertThat(protocol.understood(3, "b@x")).isFalse();

    assertThat(logged.lines()).containsExactly(
      "groups: node b@x speaks groups protocol 1, this node 2; what it sends is ignored");
  }
}
