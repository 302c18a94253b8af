package multinode;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import multinode.config.ClusterTls;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import com.hazelcast.config.Config;
import multinode.chat.history.ClusterRoomLog;
import multinode.config.NodeConfig;
import multinode.chat.Chat;
import multinode.groups.GroupAddresses;
import multinode.groups.Groups;
import multinode.invoke.Invoke;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;
import multinode.node.NodeSetup;

import java.util.UUID;

/**
 * A running multinode node inside this JVM: what {@link Main} starts from the command line, for
 * embedding and tests.
 * <pre>{@code
 * Multinode node = Multinode.start(ConfigLoader.load(System.getenv(), null, new JsonObject()), true).await();
 * node.nodes().list();
 * }</pre>
 */
public final class Multinode {

  private final Vertx vertx;
  private final MultinodeVerticle root;

  private Multinode(Vertx vertx, MultinodeVerticle root) {
    this.vertx = vertx;
    this.root = root;
  }

  /**
   * Starts Vert.x (clustered or alone) with this configuration and deploys every capability.
   *
   * @return the node once it is ready (the banner and {@code READY} are printed); on failure Vert.x is
   *   being closed again
   */
  public static Future<Multinode> start(NodeConfig config, boolean clustered) {
    PrometheusMeterRegistry meters = meterRegistry();
    VertxBuilder builder = vertxBuilder(config, new VertxOptions(), meters);
    Future<Vertx> started = clustered ? builder.buildClustered() : Future.succeededFuture(builder.build());
    return started.compose(vertx -> {
      MultinodeVerticle root = new MultinodeVerticle(config, meters);
      return vertx.deployVerticle(root)
        .map(id -> new Multinode(vertx, root))
        .recover(failure -> {
          // not chained: close() completes on a context it has already shut down
          vertx.close();
          return Future.failedFuture(failure);
        });
    });
  }

  /**
   * The Vert.x builder for a node: the Hazelcast cluster manager configured from {@code config}, this
   * node's metadata (name, HTTP URL, start time) attached to its event bus for the others to read, and
   * {@code node.eventLoops} event loops unless {@code options} already names a number, HA as
   * {@code ha.*} say, and Vert.x's metrics (with the JVM's) kept in {@code meters}. The cluster
   * manager is used only when the instance is built clustered.
   */
  static VertxBuilder vertxBuilder(NodeConfig config, VertxOptions options, PrometheusMeterRegistry meters) {
    if (config.eventLoops() > 0 && options.getEventLoopPoolSize() == VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE) {
      options.setEventLoopPoolSize(config.eventLoops());
    }
    // epoll where it is there (Linux): fewer system calls per wake-up than Java's selector
    options.setPreferNativeTransport(true);
    options.setHAEnabled(config.ha().enabled()).setHAGroup(config.ha().group()).setQuorumSize(config.ha().quorum());
    EventBusOptions eventBus = options.getEventBusOptions();
    eventBus.setClusterNodeMetadata(NodeSetup.eventBusMetadata(config));
    if (!config.cluster().host().isEmpty()) {
      eventBus.setHost(config.cluster().host());
    }
    if (config.cluster().eventBusPort() != 0 && eventBus.getPort() == EventBusOptions.DEFAULT_CLUSTER_PORT) {
      eventBus.setPort(config.cluster().eventBusPort());
    }
    ClusterTls tls = config.cluster().tls();
    if (tls.enabled()) {
      // both ends present a certificate; a peer is trusted when the CA signed it (the event bus checks no
      // host names: nodes are known by certificate, not by address)
      eventBus.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(tls.keyPath()).setCertPath(tls.certPath()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caPath()));
    }
    // Vert.x keys metrics registries by name, JVM-wide: each node names its own, or the nodes of one
    // JVM (tests, embedding) would all report into the first one's
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
      .setRegistryName("multinode-" + UUID.randomUUID()));
    return Vertx.builder()
      .with(options)
      .withMetrics(new MicrometerMetricsFactory(meters))
      .withClusterManager(NodeSetup.clusterManager(hazelcastConfig(config), GroupAddresses.MEMBER_PREFIX));
  }

  /** Hazelcast's configuration for the node, with the maps that capabilities configure themselves. */
  private static Config hazelcastConfig(NodeConfig config) {
    Config hazelcast = NodeSetup.hazelcast(config);
    ClusterRoomLog.configure(hazelcast);
    return hazelcast;
  }

  /** A registry for one node's meters (one per node, so nodes in one JVM keep theirs apart). */
  static PrometheusMeterRegistry meterRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** The Vert.x instance of this node. */
  public Vertx vertx() {
    return vertx;
  }

  /** The nodes of the cluster. */
  public Nodes nodes() {
    return root.nodes();
  }

  /** The process groups of the default scope ({@code scope(name)} for others). */
  public Groups groups() {
    return root.groups();
  }

  /** This node's pubsub. */
  public PubSub pubSub() {
    return root.pubSub();
  }

  /** This node's invoke: run tasks on any node, and register the tasks this one runs. */
  public Invoke invoke() {
    return root.invoke();
  }

  /** This node's chat rooms. */
  public Chat chat() {
    return root.chat();
  }

  /** The port the HTTP server listens on. */
  public int httpPort() {
    return root.httpPort();
  }

  /** The port of this node's operator API: every {@code /api} route and {@code /metrics}. */
  public int adminPort() {
    return root.adminPort();
  }

  /** The port of this node's TCP bridge, or 0 when it is off. */
  public int bridgePort() {
    return root.bridgePort();
  }

  /** How many clients are connected to this node's TCP bridge. */
  public int bridgeClients() {
    return root.bridgeClients();
  }

  /** Stops the node cleanly: the others see it leave (reason {@code left}). */
  public Future<Void> close() {
    return vertx.close();
  }
}
