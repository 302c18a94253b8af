package multinode.discovery;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.servicediscovery.ServiceDiscovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * The cluster's one record sweeper: every {@value #SWEEP_MS} ms it removes the service records whose
 * node is no longer a cluster member (a node that died while no other node was up to see it go). It runs
 * on one node at a time: {@link SweeperClaim} deploys it with HA, so Vert.x redeploys it on a survivor
 * when its node dies, and the claim brings it back if it is lost anyway. Deployed by class name, as HA
 * requires; it needs nothing but its Vert.x instance.
 */
public final class RecordSweeper extends VerticleBase {

  static final long SWEEP_MS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(RecordSweeper.class);

  private ServiceDiscovery discovery;
  private long timer;

  @Override
  public Future<?> start() {
    discovery = ServiceDiscovery.create(vertx);
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    timer = vertx.setPeriodic(SWEEP_MS, t -> sweep(cluster));
    log.info("service-record sweeper running on this node");
    return SweeperClaim.hold(vertx, cluster.getNodeId());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    discovery.close();
    return SweeperClaim.release(vertx, ((VertxInternal) vertx).clusterManager().getNodeId()).recover(unreachable -> {
      // a claim that names a node that is gone is taken over by the others' checks: not an error of this stop
      log.info("the record sweeper's claim left for the others to take over: {}", unreachable.toString());
      return Future.succeededFuture();
    });
  }

  private void sweep(ClusterManager cluster) {
    Set<String> members = new HashSet<>(cluster.getNodes());
    ServiceRecords.unpublishAll(discovery,
      record -> ServiceRecords.nodeId(record) != null && !members.contains(ServiceRecords.nodeId(record)),
      (node, records) -> log.info("service records of {} removed, it is no longer a member: {}", node, String.join(", ", records)));
  }
}
