package multinode;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Closeable;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import multinode.config.ClusterSettings;
import multinode.config.NodeConfig;
import multinode.bridge.BridgeVerticle;
import multinode.eval.EvalVerticle;
import multinode.chat.Chat;
import multinode.discovery.DiscoveryVerticle;
import multinode.chat.ChatVerticle;
import multinode.dashboard.DashboardVerticle;
import multinode.groups.GroupsVerticle;
import multinode.groups.Groups;
import multinode.invoke.Invoke;
import multinode.invoke.InvokeVerticle;
import multinode.pubsub.PubSub;
import multinode.pubsub.PubSubVerticle;
import multinode.node.NodeInfo;
import multinode.node.NodeVerticle;
import multinode.node.Nodes;
import multinode.web.WebVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole node: deploys one verticle per capability in dependency order (node, groups, pubsub, invoke, chat, eval,
 * dashboard, web, bridge, discovery), prints
 * the start-up banner and then {@code READY}. They are its child deployments, so undeploying it stops
 * them all. Closing Vert.x stops them in the reverse order, one after the other, before Vert.x undeploys
 * anything itself (it would stop children all at once): each capability stops while what it needs still
 * runs, so discovery unpublishes through a live cluster map and the chat's goodbye goes out through a
 * live pubsub adapter.
 */
public final class MultinodeVerticle extends VerticleBase {

  private static final Logger banner = LoggerFactory.getLogger("multinode.banner");

  private final NodeConfig config;
  private final PrometheusMeterRegistry meters;
  private NodeVerticle node;
  private GroupsVerticle groups;
  private PubSubVerticle pubSub;
  private InvokeVerticle invoke;
  private ChatVerticle chat;
  private WebVerticle web;
  private BridgeVerticle bridge;
  private EvalVerticle eval;
  private DashboardVerticle dashboard;
  private DiscoveryVerticle discovery;
  /** The capabilities' deployments, in the order they started. */
  private final List<String> deployments = new ArrayList<>();
  private final Closeable stopInOrder = completion -> stopCapabilities().onComplete(ar -> completion.succeed());

  /**
   * @param meters the registry Vert.x's metrics were built on; {@code /metrics} shows it, and the
   *   node's own meters are added to it
   */
  public MultinodeVerticle(NodeConfig config, PrometheusMeterRegistry meters) {
    this.config = config;
    this.meters = meters;
  }

  /** The nodes of the cluster. */
  public Nodes nodes() {
    return node.nodes();
  }

  /** The process groups of the default scope. */
  public Groups groups() {
    return groups.groups();
  }

  /** This node's pubsub. */
  public PubSub pubSub() {
    return pubSub.pubSub();
  }

  /** This node's invoke: tasks run here for others, and calls to other nodes. */
  public Invoke invoke() {
    return invoke.invoke();
  }

  /** This node's chat. */
  public Chat chat() {
    return chat.chat();
  }

  /** The port the HTTP server listens on. */
  public int httpPort() {
    return web.port();
  }

  /** The port the operator API (every {@code /api} route, {@code /metrics}) listens on. */
  public int adminPort() {
    return web.adminPort();
  }

  /** The port the TCP bridge listens on, or 0 when it is off. */
  public int bridgePort() {
    return bridge.port();
  }

  /** How many clients are connected to the TCP bridge. */
  public int bridgeClients() {
    return bridge.stats().clients();
  }

  @Override
  public Future<?> start() {
    node = new NodeVerticle(config);
    return deploy(node)
      .compose(id -> {
        groups = new GroupsVerticle(node.nodes());
        return deploy(groups);
      })
      .compose(id -> {
        pubSub = new PubSubVerticle(config.pubSub(), node.nodes());
        return deploy(pubSub);
      })
      .compose(id -> {
        invoke = new InvokeVerticle(config.invoke(), node.nodes());
        return deploy(invoke);
      })
      .map(id -> {
        GroupTasks.register(invoke.invoke(), groups.groups());
        return id;
      })
      .compose(id -> {
        chat = new ChatVerticle(config.chat(), config.pubSub(), node.nodes(), pubSub.pubSub());
        return deploy(chat);
      })
      .compose(id -> {
        eval = new EvalVerticle(config.invoke().eval(), invoke.invoke(), node.nodes(), groups.groups(), pubSub.pubSub(),
          chat.chat());
        return deploy(eval);
      })
      .compose(id -> {
        // the web and bridge capabilities, which count sockets and clients, start after it: read when asked
        dashboard = new DashboardVerticle(config.ha().enabled(), node.nodes(), groups.groups(), pubSub.pubSub(), chat.chat(),
          new DashboardVerticle.Sources(pubSub::published, pubSub::delivered,
            () -> web == null ? 0 : web.chatBridge().clients(), () -> bridge == null ? 0 : bridge.stats().clients()));
        return deploy(dashboard);
      })
      .compose(id -> {
        web = new WebVerticle(config.http(), config.admin(), node.nodes(), groups.groups(), pubSub.pubSub(), invoke.invoke(),
          config.invoke(), chat.chat(), dashboard.dashboard(), meters);
        return deploy(web);
      })
      .compose(id -> {
        bridge = new BridgeVerticle(config.bridge().on(node.nodes().self().eventBusHost()), pubSub.pubSub(), chat.chat(),
          dashboard.dashboard());
        return deploy(bridge);
      })
      .compose(id -> {
        discovery = new DiscoveryVerticle(config, node.nodes(), bridge.port());
        return deploy(discovery);
      })
      .onSuccess(id -> {
        ((VertxInternal) vertx).addCloseHook(stopInOrder);
        NodeMeters.bind(meters, node.nodes(), groups.groups(), pubSub, web, bridge.stats(), eval);
        printBanner();
      });
  }

  @Override
  public Future<?> stop() {
    ((VertxInternal) vertx).removeCloseHook(stopInOrder);
    return Future.succeededFuture();
  }

  private Future<String> deploy(Deployable capability) {
    return vertx.deployVerticle(capability).onSuccess(id -> {
      deployments.add(id);
      StartupTrace.mark(capability.getClass().getSimpleName() + " deployed");
    });
  }

  /** Undeploys the capabilities, last started first, each once the one before it has stopped. */
  private Future<Void> stopCapabilities() {
    Future<Void> stopped = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      stopped = stopped.transform(ar -> vertx.undeploy(id).otherwiseEmpty());
    }
    return stopped;
  }

  private void printBanner() {
    NodeInfo self = node.nodes().self();
    banner.info("name: {}", self.name());
    banner.info("cluster: {}", config.clusterName());
    banner.info("discovery: {}", node.nodes().clustered()
      ? describe(config.cluster())
      : "none (running alone; start with -cluster to join other nodes)");
    banner.info("event bus: {}", self.eventBus() == null ? "local only (not clustered)" : self.eventBus());
    banner.info("http: {}", config.http().localUrl());
    banner.info("operator api: {}{}", config.admin().localUrl(), config.admin().tokenRequired() ? " (token required)" : "");
    banner.info("tcp bridge: {}", config.bridge().enabled() ? bridge.host() + ":" + bridge.port()
      + (config.bridge().tokenRequired() ? " (token required)" : "") : "off");
    if (config.invoke().eval().enabled()) {
      banner.info("eval: on (invoke.eval.enabled){}", config.cluster().tls().enabled()
        ? ": nodes with the cluster's certificates run code here"
        : ", without TLS (invoke.eval.allowWithoutTls): any node with the cookie runs code here");
    }
    banner.info("READY");
  }

  private static String describe(ClusterSettings cluster) {
    return switch (cluster.discovery()) {
      case MULTICAST -> "multicast " + cluster.multicastGroup() + ":" + cluster.multicastPort();
      case STATIC -> "static " + String.join(",", cluster.members());
      case KUBERNETES -> "kubernetes " + cluster.kubernetesServiceDns();
    };
  }
}
