package multinode.discovery;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.config.NodeConfig;
import multinode.node.NodeEvent;
import multinode.node.Nodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Publishes this node's {@link ServiceRecords} with vertx-service-discovery (in the cluster-wide
 * registry when clustered), unpublishes them when the node stops, and removes the records of a node that
 * goes down at once (every node does; removing a record twice is harmless). Stock service discovery
 * leaves a crashed publisher's records behind forever. Records that no node saw go (their node died while
 * no other was up) are the {@link RecordSweeper}'s, which runs on one node of the cluster, kept there by
 * the {@link SweeperClaim} this verticle checks.
 * <p>
 * After a partition each side has reaped the other's records, and a merge keeps whichever copy of the
 * registry Hazelcast's merge policy prefers; a node that dies while its partitions migrate can take
 * entries with it. So every node checks its own records every few seconds for 20 s after another node
 * comes up or goes down ({@link #AUDITS_AFTER_CHANGE_MS}, the merge taking a moment to finish), and every
 * {@value #AUDIT_MS} ms in case: a lost one is published again, a duplicate removed. Each check reads the
 * whole registry, so an idle cluster does not check often.
 */
public final class DiscoveryVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DiscoveryVerticle.class);

  private final NodeConfig config;
  private final Nodes nodes;
  private final int bridgePort;
  private final List<String> published = new ArrayList<>();
  private ServiceDiscovery discovery;
  private MessageConsumer<JsonObject> events;
  private SweeperClaim claim;
  private long claimTimer = -1;
  private long auditTimer = -1;
  /** The audits under way, if any: a stop waits for them, so that none publishes again what the stop removed. */
  private Future<?> auditing = Future.succeededFuture();
  private boolean stopping;
  static final long AUDIT_MS = 60_000;
  /** The claim is checked this often besides after a node went; each check takes a cluster-wide lock. */
  static final long CLAIM_CHECK_MS = 60_000;
  private static final List<Long> CLAIM_CHECKS_AFTER_DOWN_MS = List.of(2_000L, 6_000L);
  /**
   * A merge's copy of the registry lands some seconds after the nodes see each other again, and may bring
   * back a record an audit just published again, or drop one: audits no more than 3 s apart until 16 s
   * after a change, so that the registry is right within 3 s of the merge ending. Each reads the registry:
   * five records per node.
   */
  private static final List<Long> AUDITS_AFTER_CHANGE_MS = List.of(1_000L, 2_000L, 4_000L, 7_000L, 10_000L, 13_000L,
    16_000L, 20_000L);

  public DiscoveryVerticle(NodeConfig config, Nodes nodes, int bridgePort) {
    this.config = config;
    this.nodes = nodes;
    this.bridgePort = bridgePort;
  }

  @Override
  public Future<?> start() {
    discovery = ServiceDiscovery.create(vertx);
    claim = nodes.clustered() ? new SweeperClaim(vertx, config.ha().enabled()) : null;
    events = nodes.events(this::onNodeEvent);
    List<Future<Record>> publishing = ServiceRecords.of(nodes.self(), config.http(), config.admin(), config.bridge(), bridgePort)
      .stream().map(record -> discovery.publish(record).onSuccess(r -> published.add(r.getRegistration()))).toList();
    Future<?> started = Future.all(events.completion(), Future.all(publishing));
    if (claim == null) {
      return started;
    }
    claimTimer = vertx.setPeriodic(CLAIM_CHECK_MS, t -> checkClaim());
    auditTimer = vertx.setPeriodic(AUDIT_MS, t -> audit());
    // the sweeper is a janitor: the node is ready without waiting for the claim (a lock and a deployment)
    return started.onSuccess(v -> checkClaim());
  }

  /**
   * A node went: its records go at once, and the claim is checked twice (its holder may be the node, which
   * HA normally replaces within a second). Any change: this node's own records are checked.
   */
  private void onNodeEvent(NodeEvent event) {
    if (event.type() == NodeEvent.Type.DOWN) {
      reap(event.node().id(), event.node().name());
      if (claim != null) {
        CLAIM_CHECKS_AFTER_DOWN_MS.forEach(ms -> vertx.setTimer(ms, t -> checkClaim()));
      }
    }
    AUDITS_AFTER_CHANGE_MS.forEach(ms -> vertx.setTimer(ms, t -> audit()));
  }

  private void checkClaim() {
    claim.check().onFailure(e -> log.debug("the sweeper claim could not be checked: {}", e.toString()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(claimTimer);
    vertx.cancelTimer(auditTimer);
    stopping = true;
    return auditing.transform(ar -> Future.join(published.stream().map(this::unpublish).toList()))
      .recover(unreachable -> {
        // the other nodes reap the records of a node that is gone: not an error of this stop
        log.info("service records of this node left for the others to remove: {}", unreachable.toString());
        return Future.succeededFuture();
      })
      .eventually(() -> {
        discovery.close();
        return events.unregister();
      });
  }

  /**
   * Removes one of this node's records. A registry that cannot be reached (the cluster went from under
   * the node) throws rather than fail the future; {@link Future#future} fails the future with it.
   */
  private Future<Void> unpublish(String registration) {
    return Future.future(removed -> discovery.unpublish(registration).onComplete(removed));
  }

  /** Publishes this node's records that are missing from the registry, and removes duplicates of them. */
  private void audit() {
    if (stopping) {
      return;
    }
    String self = nodes.self().id();
    Future<?> audit = discovery.getRecords(record -> self.equals(ServiceRecords.nodeId(record)), true).compose(present -> {
      if (stopping) {
        // the stop is removing them: they are not lost
        return Future.succeededFuture();
      }
      Map<String, List<Record>> byName = present.stream().collect(Collectors.groupingBy(Record::getName));
      List<Future<?>> mending = new ArrayList<>();
      for (Record record : ServiceRecords.of(nodes.self(), config.http(), config.admin(), config.bridge(), bridgePort)) {
        List<Record> copies = byName.getOrDefault(record.getName(), List.of());
        if (copies.isEmpty()) {
          mending.add(discovery.publish(record).onSuccess(r -> {
            published.add(r.getRegistration());
            log.info("service record {} published again: the registry had lost it", r.getName());
          }));
        }
        copies.stream().skip(1).forEach(copy -> mending.add(discovery.unpublish(copy.getRegistration())
          .onSuccess(v -> log.info("service record {} removed once: the registry held it twice", copy.getName()))));
      }
      return Future.join(mending);
    }).onFailure(e -> log.debug("own service records could not be checked: {}", e.toString()));
    auditing = auditing.isComplete() ? audit : Future.join(auditing, audit);
  }

  private void reap(String nodeId, String name) {
    ServiceRecords.unpublishAll(discovery, record -> nodeId.equals(ServiceRecords.nodeId(record)),
      (node, records) -> log.info("service records of {} removed, it went down: {}", name, String.join(", ", records)));
  }
}
