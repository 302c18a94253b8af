package multinode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A protocol version between nodes: frames of another are not read, and their sender is named once. */
class ProtocolTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(Protocol.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
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

    assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
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

    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
      "groups: node b@x speaks groups protocol 1, this node 2; what it sends is ignored");
  }
}
