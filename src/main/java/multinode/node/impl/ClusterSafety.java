package multinode.node.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.operation.SafeStateCheckOperation;
import com.hazelcast.jet.impl.util.Util;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.spi.impl.operationservice.OperationService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import multinode.HazelcastCalls;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the cluster is safe: no partition migrating and every backup in place on every member, so that
 * losing any one node now loses no map data. Answered within {@value #ANSWER_WITHIN_MS} ms, and without
 * blocking any thread.
 * <p>
 * Hazelcast's own answer, {@code PartitionService.isClusterSafe()}, asks every member and blocks its
 * caller until all have answered; a member that dies meanwhile keeps it blocked for two minutes (the
 * question to it is retried 250 times, 500 ms apart). Here the same question ({@code SafeStateCheckOperation})
 * goes to every member asynchronously, once, and:
 * <ol>
 *   <li>only when something may have changed the answer: a safe cluster stays safe until a member joins or
 *   leaves or a migration starts or fails, so between those events "safe" is known without asking anyone;
 *   </li>
 *   <li>at most once at a time: callers that come while a question is out share its answer, so a flood of
 *   {@code /ready} requests costs the cluster one question a second at most;</li>
 *   <li>an answer that has not come within {@value #ANSWER_WITHIN_MS} ms is "not safe" (a member is slow
 *   or gone, which is not safe either), and the next caller asks again.</li>
 * </ol>
 * A "safe" answer is kept only if no event came while the question was out. Thread-safe: the listeners run
 * on Hazelcast's threads, callers on any context, and each caller's answer comes back on its own context.
 */
final class ClusterSafety implements MembershipListener, MigrationListener {

  static final long ANSWER_WITHIN_MS = 1000;
  /** How long Hazelcast may take to answer before its invocation fails: a little longer than we wait. */
  private static final long INVOCATION_TIMEOUT_MS = 5000;

  private final VertxInternal vertx;
  private final ContextInternal context;
  private final HazelcastInstance hazelcast;
  private final OperationService operations;
  private final UUID membershipId;
  /** Counts the events that may make a safe cluster unsafe. */
  private final AtomicLong changes = new AtomicLong();
  /** The value of {@link #changes} when the cluster was last found safe; -1: not known to be safe. */
  private volatile long safeAsOf = -1;
  private final AtomicReference<Future<Boolean>> asking = new AtomicReference<>();

  /**
   * Starts listening; call from a worker (registering a listener is a blocking cluster call).
   *
   * @param context where the questions' timers run
   */
  ClusterSafety(VertxInternal vertx, ContextInternal context, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = context;
    this.hazelcast = hazelcast;
    this.operations = Util.getNodeEngine(hazelcast).getOperationService();
    this.membershipId = hazelcast.getCluster().addMembershipListener(this);
    hazelcast.getPartitionService().addMigrationListener(this);
  }

  /**
   * Whether the cluster is safe now (never while this member is not running); completes on the caller's
   * context within about a second.
   */
  Future<Boolean> safe() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return Future.succeededFuture(false);
    }
    long seen = changes.get();
    if (safeAsOf == seen) {
      return Future.succeededFuture(true);
    }
    ContextInternal caller = vertx.getOrCreateContext();
    Promise<Boolean> answer = caller.promise();
    shared(seen).onComplete(answer);
    return answer.future();
  }

  /**
   * Stops listening to membership; call from a worker. The migration listener stays registered until this
   * member leaves: removing it asks every member and waits for all of them without a deadline (see
   * {@code HazelcastNodes}), and what it does meanwhile is count changes nobody asks about.
   */
  void close() {
    if (hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(membershipId);
    }
  }

  private Future<Boolean> shared(long seen) {
    Promise<Boolean> mine = Promise.promise();
    Future<Boolean> theirs = asking.compareAndExchange(null, mine.future());
    if (theirs != null) {
      return theirs;
    }
    ask()
      .timeout(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS)
      .otherwise(false)
      .onComplete(result -> {
        // an event while the question was out: its "safe" may be about the cluster before it
        if (result.result() && changes.get() == seen) {
          safeAsOf = seen;
        }
        asking.set(null);
        mine.complete(result.result());
      });
    return mine.future();
  }

  /** One {@code SafeStateCheckOperation} per member, each tried once; true when every member says safe. */
  private Future<Boolean> ask() {
    List<Future<Boolean>> answers = hazelcast.getCluster().getMembers().stream()
      .map(Member::getAddress)
      .map(address -> HazelcastCalls.onContext(operations
        .createInvocationBuilder(InternalPartitionService.SERVICE_NAME, new SafeStateCheckOperation(), address)
        .setTryCount(1)
        .setCallTimeout(INVOCATION_TIMEOUT_MS)
        .<Boolean>invoke(), context))
      .toList();
    return Future.all(answers).map(all -> all.list().stream().allMatch(Boolean.TRUE::equals));
  }

  private void changed() {
    changes.incrementAndGet();
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    changed();
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    changed();
  }

  @Override
  public void migrationStarted(MigrationState state) {
    changed();
  }

  @Override
  public void migrationFinished(MigrationState state) {
    changed();
  }

  @Override
  public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    // part of a migration process that started and will finish with events of its own
  }

  @Override
  public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    changed();
  }
}
