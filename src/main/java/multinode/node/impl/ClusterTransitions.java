package multinode.node.impl;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import multinode.Failures;
import multinode.node.NodeAddresses;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps out of the log the warnings that a member joining, leaving, crashing or merging makes, which are
 * how those transitions work rather than something wrong: multinode says each transition in one line of
 * its own ({@code node up}, {@code node down: … (left|crashed)}).
 * <ul>
 *   <li>Hazelcast's: a suspected member, a query or migration cut short by a member that left. With
 *       {@code MULTINODE_HAZELCAST_LOG_LEVEL} at INFO or below none is held back, so that whoever looks
 *       into Hazelcast sees all of it.</li>
 *   <li>The event bus's, with its stack trace, that it could not connect to a node: a message sent to a
 *       node as it went. A node that the cluster still has 10 s later is one WARN line of its own.</li>
 *   <li>The event bus's, that it discarded a goodbye: nodes stopped together say goodbye to each other
 *       while their own goodbye endpoints go; a node event that reached a capability of a node stopping
 *       (a node that went as this one stops); or a broadcast that reached a node as the last subscriber of
 *       its topic there unsubscribed.</li>
 *   <li>Vert.x 5.0.7's "Promise already completed", with its stack trace, in two places. When the
 *       connection to a node that was killed fails with writes still queued, both the failed flush and the
 *       closing queue fail each write's promise. When a node refuses this node's certificate as the
 *       connection to it opens (a node of another cluster's CA, say), the connection fails the writes
 *       queued for it, and then hands each to the closed socket and completes its promise again. Either
 *       way the second attempt throws, and the writes had failed already; logged at DEBUG instead. The
 *       handshake's own one-line ERROR stays.</li>
 *   <li>Vert.x's one-line ERROR "Connection reset" (or "Broken pipe") for a connection without an exception
 *       handler of its own, as the event bus's inbound connections are: the node at the other end was
 *       killed, and the node's down line says so. Logged at DEBUG instead.</li>
 *   <li>Vert.x's one-line ERROR of a refused TLS handshake on such a connection, after the first: the same
 *       line again within a minute is counted, and the first after the minute says the count
 *       ({@link RepeatedRefusals}). A node that the cluster's CA did not sign tries again with each
 *       message it sends.</li>
 * </ul>
 * Other warnings and errors pass.
 */
public final class ClusterTransitions extends TurboFilter {

  /** The event bus's words when it cannot reach a node ({@code ConnectionHolder}). */
  private static final String CONNECTING = "Connecting to server ";
  /** How long a node that cannot be connected to has to be dropped by the cluster before it is a warning. */
  private static final long GRACE_MS = 10_000;
  private static final org.slf4j.Logger EVENT_BUS = LoggerFactory.getLogger("multinode.eventbus");
  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "multinode-log-grace");
    thread.setDaemon(true);
    return thread;
  });
  /** How many departed node ids are remembered. */
  private static final int REMEMBERED = 1024;
  /** The ids of nodes that left or crashed, newest last, across every node of this JVM. */
  private static final Set<String> GONE = Collections.synchronizedSet(Collections.newSetFromMap(
    new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > REMEMBERED;
      }
    }));

  /** Hazelcast's words for a member that is going or gone, and for work cut short by that. */
  private static final List<String> EXPECTED = List.of(
    "is suspected to be dead for reason",
    // a heartbeat round that finds a member leaving with its connection already closed
    "This node does not have a connection to Member",
    // a member whose host or container vanished (no connection error reaches us): heartbeats stop
    "because it has not sent any heartbeats since",
    "Error while querying cluster's safe state",
    "Not Member!",
    "Migration failed",
    // the master changed while a migration's completion was on its way (Hazelcast says to ignore it)
    "but its sender doesn't seem to be master",
    "PublishCompletedMigrationsOperation",
    // a member leaving answers a query of a partition that moved while its connection to the asker is already
    // closed: the asker retries where the partition is now
    "Cannot send response: com.hazelcast.spi.exception.WrongTargetException",
    // a map query's answer (the service registry's, which nodes read after every change) to a member that left
    // while it was asked
    "Cannot send response: com.hazelcast.map.impl.query.QueryResult",
    "Ignoring received partition table, startup is not completed yet",
    "is received before startup is completed",
    "since startup is not completed yet",
    "is not a member anymore",
    "Hazelcast instance is not active!",
    "Failure while executing MigrationInfo",
    "Migration commit failed for",
    "Following unknown addresses are found in partition table",
    "is accepted. Response: MembersView",
    // several nodes on one host: each takes the next free membership port, as designed
    "Some of the ports seem occupied");

  /**
   * The event bus's words for a message whose consumer has gone: a goodbye that reaches a node which is
   * itself stopping (nodes stopped together say goodbye to each other), a node's up or down event that
   * reaches a capability of its own node as it stops, or a broadcast that reaches a node as the last
   * subscriber of its topic there goes (the pubsub adapter's address of a topic, as Phoenix drops a
   * message for a topic with no subscriber).
   */
  private static final String DISCARDED = "Discarding message since the consumer is not registered. address: ";
  private static final String DISCARDED_GOODBYE = DISCARDED + "multinode.node.";
  private static final String DISCARDED_NODE_EVENT = DISCARDED + NodeAddresses.EVENTS;
  private static final String DISCARDED_BROADCAST = DISCARDED + "multinode.pubsub.topic.";

  /** The exceptions Hazelcast throws at work that a member's leaving cut short. */
  private static final List<String> LEFT = List.of(
    "com.hazelcast.core.MemberLeftException",
    "com.hazelcast.spi.exception.TargetNotMemberException",
    "com.hazelcast.spi.exception.CallerNotMemberException",
    "com.hazelcast.core.HazelcastInstanceNotActiveException");

  /** The logger of Vert.x's connections that report an exception nobody handles. */
  private static final String CONNECTION = "io.vertx.core.net.impl.ConnectionBase";
  /** The kernel's words for a connection whose other end went without closing it. */
  private static final Set<String> RESET = Set.of("Connection reset", "Connection reset by peer", "Broken pipe");
  /** How Vert.x's line of a failed TLS handshake begins: the exception's class name. */
  private static final String TLS_FAILURE = "javax.net.ssl.";
  /** How long the same refused handshake is counted before it is said again, with the count. */
  private static final long REFUSALS_WINDOW_MS = 60_000;

  /**
   * Where Vert.x 5.0.7 completes a write's promise a second time: a connection with queued writes that
   * fails, and an event-bus connection whose handshake the other node refused, draining its queue.
   */
  private static final Set<String> WRITE_PROMISES = Set.of("io.vertx.core.net.impl.DelegatingChannelPromise",
    "io.vertx.core.eventbus.impl.clustered.OutboundConnection");
  private static final org.slf4j.Logger HELD_BACK = LoggerFactory.getLogger(ClusterTransitions.class);

  private final RepeatedRefusals refusals =
    new RepeatedRefusals(REFUSALS_WINDOW_MS, System::currentTimeMillis, LoggerFactory.getLogger("multinode.tls"));

  /** Records that a node left the cluster or crashed (its Vert.x node id). */
  static void gone(String nodeId) {
    if (nodeId != null) {
      GONE.add(nodeId);
    }
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    if (format != null && format.startsWith(CONNECTING) && logger.getName().startsWith("io.vertx.core.eventbus")) {
      String nodeId = format.substring(CONNECTING.length()).split(" ", 2)[0];
      if (!GONE.contains(nodeId)) {
        // a killed node's socket can close before the cluster drops it: say so later unless it is dropped
        String cause = t == null ? "" : ": " + t.getMessage();
        LATER.schedule(() -> {
          if (!GONE.contains(nodeId)) {
            EVENT_BUS.warn("cannot connect to node {} over the event bus{}", nodeId, cause);
          }
        }, GRACE_MS, TimeUnit.MILLISECONDS);
      }
      return FilterReply.DENY;
    }
    if (discardedInTransition(format)) {
      return FilterReply.DENY;
    }
    if (logger.getName().equals(CONNECTION) && format != null && RESET.contains(Failures.ioMessage(format))) {
      HELD_BACK.debug("a connection was reset by the other end: {}", format);
      return FilterReply.DENY;
    }
    if (logger.getName().equals(CONNECTION) && format != null && format.startsWith(TLS_FAILURE)) {
      return refusals.passes(format) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
    if (writeCompletedTwice(t)) {
      HELD_BACK.debug("a write to a connection that failed was failed twice (Vert.x): {}", t.toString());
      return FilterReply.DENY;
    }
    if (!logger.getName().startsWith("com.hazelcast") || !logger.getEffectiveLevel().isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    return expected(format) || left(t) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  private static boolean discardedInTransition(String format) {
    return format != null && (format.startsWith(DISCARDED_GOODBYE) && format.endsWith(".goodbye")
      || format.equals(DISCARDED_NODE_EVENT) || format.startsWith(DISCARDED_BROADCAST));
  }

  static boolean expected(String message) {
    return message != null && EXPECTED.stream().anyMatch(message::contains);
  }

  static boolean writeCompletedTwice(Throwable failure) {
    return failure instanceof IllegalStateException && "Promise already completed".equals(failure.getMessage())
      && Arrays.stream(failure.getStackTrace()).anyMatch(frame -> WRITE_PROMISES.contains(frame.getClassName()));
  }

  private static boolean left(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (LEFT.contains(cause.getClass().getName())) {
        return true;
      }
    }
    return false;
  }
}
