package multinode.node.impl;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import com.hazelcast.core.MemberLeftException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTransitionsTest {

  private final LoggerContext context = new LoggerContext();
  private final ClusterTransitions filter = new ClusterTransitions();

  @Test
  void hazelcastsWarningsOfAMemberGoingAreHeldBackAndOthersPass() {
    Logger hazelcast = context.getLogger("com.hazelcast.internal.cluster.impl.MembershipManager");
    hazelcast.setLevel(Level.WARN);

    assertThat(decide(hazelcast, "Member [127.0.0.1]:5701 - 1 is suspected to be dead for reason: No connection", null))
      .isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "Suspecting Member [172.17.0.3]:5701 - b31292b8 because it has not sent any heartbeats "
      + "since 2026-12-02 17:22:03.411. Now: 2026-12-02 17:22:08.121", null)).isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "[127.0.0.1]:11659 [multinode-01a902b925c6] [5.3.8] This node does not have a connection "
      + "to Member [127.0.0.1]:24501 - 826d56ff-42a0-469b-af48-76bcb86784c4", null)).isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "Received completed migrations, but its sender doesn't seem to be master! => Sender: "
      + "[127.0.0.1]:32670! (Ignore if master node has changed recently.)", null)).isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "Cannot send response: false to [127.0.0.1]:32670. com.hazelcast.internal.partition."
      + "operation.PublishCompletedMigrationsOperation{serviceName='hz:core:partitionService'}", null)).isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "[127.0.0.1]:25746 [multinode-f2b2528fe4c8] [5.3.8] Cannot send response: "
      + "com.hazelcast.spi.exception.WrongTargetException: WrongTarget! local: Member [127.0.0.1]:25746 - 0620f606 this, "
      + "expected-target: Member [127.0.0.1]:22139 - 56f726bb, partitionId: 1, replicaIndex: 0, operation: "
      + "com.hazelcast.map.impl.query.QueryPartitionOperation, service: hz:impl:mapService to [127.0.0.1]:25134.", null))
      .isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "[127.0.0.1]:29721 [multinode-7eb55c1ee517] [5.3.8] Cannot send response: "
      + "com.hazelcast.map.impl.query.QueryResult@530a92f to [127.0.0.1]:26953. com.hazelcast.map.impl.query.QueryOperation{"
      + "serviceName='hz:impl:mapService', partitionId=-1, replicaIndex=0, callId=1501, name=service.registry}", null))
      .isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "Error while querying cluster's safe state", new MemberLeftException("gone")))
      .isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "something else", new MemberLeftException("gone"))).isEqualTo(FilterReply.DENY);
    assertThat(decide(hazelcast, "Your cluster is running out of memory", null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(hazelcast, "Your cluster is running out of memory", new IllegalStateException("full")))
      .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, hazelcast, Level.ERROR, "Migration failed", null, null)).isEqualTo(FilterReply.DENY);
  }

  @Test
  void withHazelcastsLogLevelLoweredNothingIsHeldBack() {
    Logger hazelcast = context.getLogger("com.hazelcast.internal.partition.PartitionServiceProxy");
    hazelcast.setLevel(Level.INFO);

    assertThat(decide(hazelcast, "Error while querying cluster's safe state", new MemberLeftException("gone")))
      .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void aWritePromiseCompletedTwiceWhenAConnectionFailsOrIsRefusedIsHeldBackAndOtherIllegalStatesPass() {
    Logger context = this.context.getLogger("io.vertx.core.impl.ContextImpl");
    IllegalStateException twice = new IllegalStateException("Promise already completed");
    twice.setStackTrace(new StackTraceElement[] {
      new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 104),
      new StackTraceElement("io.vertx.core.net.impl.DelegatingChannelPromise", "tryFailure", "DelegatingChannelPromise.java", 130),
      new StackTraceElement("io.netty.channel.ChannelOutboundBuffer", "safeFail", "ChannelOutboundBuffer.java", 753)});
    // the event bus's connection to a node that refused this one's certificate, draining its queue
    IllegalStateException refused = new IllegalStateException("Promise already completed");
    refused.setStackTrace(new StackTraceElement[] {
      new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 104),
      new StackTraceElement("io.vertx.core.impl.future.FutureImpl", "onComplete", "FutureImpl.java", 96),
      new StackTraceElement("io.vertx.core.eventbus.impl.clustered.OutboundConnection", "connected", "OutboundConnection.java", 149)});
    IllegalStateException elsewhere = new IllegalStateException("Promise already completed");
    elsewhere.setStackTrace(new StackTraceElement[] {new StackTraceElement("multinode.chat.impl.Appends", "flush", "Appends.java", 56)});

    assertThat(filter.decide(null, context, Level.ERROR, "Unhandled exception", null, twice)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, context, Level.ERROR, "Unhandled exception", null, refused)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, context, Level.ERROR, "Unhandled exception", null, elsewhere)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, context, Level.ERROR, "Unhandled exception", null, new IllegalStateException("other")))
      .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void aConnectionResetByAKilledNodeIsHeldBackAndOtherConnectionErrorsPass() {
    Logger connection = context.getLogger("io.vertx.core.net.impl.ConnectionBase");

    assertThat(filter.decide(null, connection, Level.ERROR, "Connection reset", null, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, connection, Level.ERROR, "Broken pipe", null, null)).isEqualTo(FilterReply.DENY);
    // the same from the epoll transport, which names the system call first
    assertThat(filter.decide(null, connection, Level.ERROR, "recvAddress(..) failed with error(-104): Connection reset by peer",
      null, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, connection, Level.ERROR, "writevAddresses(..) failed with error(-32): Broken pipe",
      null, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, connection, Level.ERROR, "Received fatal alert: bad_certificate", null, null))
      .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, context.getLogger("multinode.chat"), Level.ERROR, "Connection reset", null, null))
      .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void aRefusedHandshakeIsSaidOnceAndItsRepeatsAreHeldBack() {
    Logger connection = context.getLogger("io.vertx.core.net.impl.ConnectionBase");
    String refused = "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate";

    assertThat(filter.decide(null, connection, Level.ERROR, refused, null, null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, connection, Level.ERROR, refused, null, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, connection, Level.ERROR, refused, null, null)).isEqualTo(FilterReply.DENY);
    // the same words from elsewhere are not a connection's refused handshake
    assertThat(filter.decide(null, context.getLogger("multinode.chat"), Level.ERROR, refused, null, null))
      .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void theEventBusFailingToReachANodeThatWentIsHeldBack() {
    Logger eventBus = context.getLogger("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus");
    String gone = UUID.randomUUID().toString();
    ClusterTransitions.gone(gone);

    assertThat(decide(eventBus, "Connecting to server " + gone + " failed", new ConnectException("Connection refused")))
      .isEqualTo(FilterReply.DENY);
    assertThat(decide(eventBus, "No pong from server " + gone + " - will consider it dead", null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(context.getLogger("multinode.chat"), "Connecting to server " + gone + " failed", null))
      .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void aNodeTakingTheNextPortOnItsHostIsNotAWarning() {
    Logger hazelcast = context.getLogger("com.hazelcast.instance.impl.Node");
    hazelcast.setLevel(Level.WARN);

    assertThat(decide(hazelcast, "Config seed port is 5701 and cluster size is 1. Some of the ports seem occupied!", null))
      .isEqualTo(FilterReply.DENY);
  }

  @Test
  void aGoodbyeANodeEventOrABroadcastReachingAConsumerThatWentIsHeldBackAndOtherDiscardsPass() {
    Logger consumer = context.getLogger("io.vertx.core.eventbus.impl.MessageConsumerImpl");
    String discarded = "Discarding message since the consumer is not registered. address: ";

    assertThat(decide(consumer, discarded + "multinode.node." + UUID.randomUUID() + ".goodbye", null)).isEqualTo(FilterReply.DENY);
    // a node that went as this one stops: its down event reaches a capability that has let go of the events
    assertThat(decide(consumer, discarded + "multinode.nodes.events", null)).isEqualTo(FilterReply.DENY);
    // a broadcast that reaches a node as the last subscriber of its topic there unsubscribes
    assertThat(decide(consumer, discarded + "multinode.pubsub.topic.multinode.chat.room.lobby", null))
      .isEqualTo(FilterReply.DENY);
    assertThat(decide(consumer, discarded + "events.orders", null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(consumer, discarded + "multinode.nodes.events.mine", null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(consumer, discarded + "multinode.node." + UUID.randomUUID() + ".ping", null)).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void infoLinesAlwaysPass() {
    Logger hazelcast = context.getLogger("com.hazelcast.cluster");
    assertThat(filter.decide(null, hazelcast, Level.INFO, "is suspected to be dead for reason", null, null))
      .isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decide(Logger logger, String message, Throwable failure) {
    return filter.decide(null, logger, Level.WARN, message, null, failure);
  }
}
