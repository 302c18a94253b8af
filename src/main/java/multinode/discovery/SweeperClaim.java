package multinode.discovery;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.AsyncMap;

import java.util.Set;

/**
 * Keeps exactly one {@link RecordSweeper} in the cluster. Its node is written in a clustered map under a
 * cluster-wide lock. Every node checks the claim at start, twice after a node went down, and every
 * {@value DiscoveryVerticle#CLAIM_CHECK_MS} ms: with nobody named, it deploys the sweeper itself; with a
 * node named that is no longer a member at two checks in a row, it takes over (HA normally redeploys the sweeper within a second of its node's death
 * and the new host renames itself, so the takeover only covers a failover that did not happen, e.g. with
 * HA off or the quorum lost). A clean stop clears the claim, and the next check hands the sweeper on.
 */
final class SweeperClaim {

  static final String MAP = "multinode.singletons";
  static final String KEY = "record-sweeper";
  private static final String LOCK = "multinode.singletons.lock";

  private final Vertx vertx;
  private final boolean ha;
  private String missingBefore;

  SweeperClaim(Vertx vertx, boolean ha) {
    this.vertx = vertx;
    this.ha = ha;
  }

  /** Deploys the sweeper here if nobody runs it; call from the claiming verticle's context. */
  Future<Void> check() {
    return vertx.sharedData().getLockWithTimeout(LOCK, 5_000).compose(lock -> map(vertx)
      .compose(map -> map.get(KEY).compose(holder -> {
        // the members as of now, under the lock: a node that joined while it was awaited is in them
        Set<String> members = Set.copyOf(((VertxInternal) vertx).clusterManager().getNodes());
        boolean gone = holder != null && !members.contains(holder);
        boolean free = holder == null || gone && holder.equals(missingBefore);
        missingBefore = gone ? holder : null;
        if (!free) {
          return Future.<Void>succeededFuture();
        }
        return vertx.deployVerticle(RecordSweeper.class.getName(), new DeploymentOptions().setHa(ha)).<Void>mapEmpty();
      }))
      .eventually(() -> {
        lock.release();
        return Future.succeededFuture();
      }));
  }

  /** The sweeper started on node {@code nodeId}: the claim names it. */
  static Future<Void> hold(Vertx vertx, String nodeId) {
    return map(vertx).compose(map -> map.put(KEY, nodeId));
  }

  /** The sweeper stopped on node {@code nodeId}: the claim is cleared if it still names that node. */
  static Future<Void> release(Vertx vertx, String nodeId) {
    return map(vertx).compose(map -> map.removeIfPresent(KEY, nodeId)).mapEmpty();
  }

  /** The claim's map; failed, not thrown ({@link Future#future}), when the cluster went from under the node. */
  private static Future<AsyncMap<String, String>> map(Vertx vertx) {
    return Future.future(map -> vertx.sharedData().<String, String>getClusterWideMap(MAP).onComplete(map));
  }
}
