package multinode.discovery;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.config.NodeConfig;
import multinode.node.NodeEvent;
import multinode.node.Nodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Publishes this node's {@link ServiceRecords} with vertx-service-discovery (in the cluster-wide
 * registry when clustered), unpublishes them when the node stops, and removes the records of nodes that
 * are gone: at once when a node goes down, and in a sweep every {@value #SWEEP_MS} ms for any record whose
 * node is no longer a cluster member (a node that died while this one was not yet up). Stock service
 * discovery leaves a crashed publisher's records behind forever. Every node reaps; removing a record
 * twice is harmless.
 */
public final class DiscoveryVerticle extends VerticleBase {

  static final long SWEEP_MS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(DiscoveryVerticle.class);

  private final NodeConfig config;
  private final Nodes nodes;
  private final int bridgePort;
  private final List<String> published = new ArrayList<>();
  private ServiceDiscovery discovery;
  private MessageConsumer<JsonObject> events;
  private long sweep = -1;

  public DiscoveryVerticle(NodeConfig config, Nodes nodes, int bridgePort) {
    this.config = config;
    this.nodes = nodes;
    this.bridgePort = bridgePort;
  }

  @Override
  public Future<?> start() {
    discovery = ServiceDiscovery.create(vertx);
    events = nodes.events(event -> {
      if (event.type() == NodeEvent.Type.DOWN) {
        reap(record -> event.node().id().equals(nodeId(record)), event.node().name() + " went down");
      }
    });
    if (nodes.clustered()) {
      sweep = vertx.setPeriodic(SWEEP_MS, t -> sweep());
    }
    List<Future<Record>> publishing = ServiceRecords.of(nodes.self(), config.http(), config.bridge(), bridgePort)
      .stream().map(record -> discovery.publish(record).onSuccess(r -> published.add(r.getRegistration()))).toList();
    return Future.all(events.completion(), Future.all(publishing));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweep);
    List<Future<Void>> unpublishing = published.stream().map(discovery::unpublish).toList();
    return Future.join(unpublishing).eventually(() -> {
      discovery.close();
      return events.unregister();
    });
  }

  /** Removes the records of multinode nodes that are not cluster members. */
  private void sweep() {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    Set<String> members = new HashSet<>(cluster.getNodes());
    reap(record -> nodeId(record) != null && !members.contains(nodeId(record)), "its node is no longer a member");
  }

  private void reap(Predicate<Record> gone, String why) {
    discovery.getRecords(gone::test, true).onSuccess(records -> records.forEach(record ->
      discovery.unpublish(record.getRegistration()).onSuccess(v ->
        log.info("service record {} of {} removed: {}", record.getName(), record.getMetadata().getString("node"), why))));
  }

  private static String nodeId(Record record) {
    return record.getMetadata() == null ? null : record.getMetadata().getString("nodeId");
  }
}
