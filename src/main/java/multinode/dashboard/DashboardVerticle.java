package multinode.dashboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.impl.VertxImpl;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.chat.Chat;
import multinode.dashboard.impl.Hub;
import multinode.groups.Groups;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Wires the dashboard: once deployed, this node answers other nodes' dashboards with its figures, its
 * feed hears node events, merges and (with HA) the fail-overs it carries out, and {@link #dashboard()}
 * serves watchers. The page and its bridge are the operator listener's ({@code multinode.web}).
 */
public final class DashboardVerticle extends VerticleBase {

  /**
   * The figures that other capabilities keep, read when a dashboard asks.
   *
   * @param published pubsub messages broadcast from this node
   * @param delivered pubsub deliveries to this node's subscribers
   * @param sockets browsers on the chat bridge
   * @param bridgeClients TCP bridge clients
   */
  public record Sources(LongSupplier published, LongSupplier delivered, IntSupplier sockets, IntSupplier bridgeClients) {
  }

  private final boolean ha;
  private final Nodes nodes;
  private final Groups groups;
  private final PubSub pubSub;
  private final Chat chat;
  private final Sources sources;
  private ServiceDiscovery discovery;
  private Hub hub;

  /** @param ha whether Vert.x HA is on, so that this node may carry out fail-overs */
  public DashboardVerticle(boolean ha, Nodes nodes, Groups groups, PubSub pubSub, Chat chat, Sources sources) {
    this.ha = ha;
    this.nodes = nodes;
    this.groups = groups;
    this.pubSub = pubSub;
    this.chat = chat;
    this.sources = sources;
  }

  /** The dashboard; available once deployed. */
  public Dashboard dashboard() {
    return hub;
  }

  @Override
  public Future<?> start() {
    discovery = ServiceDiscovery.create(vertx);
    hub = new Hub(vertx, nodes, groups, pubSub, chat, discovery, sources);
    if (ha && nodes.clustered() && vertx instanceof VertxImpl impl) {
      // a single slot, which nothing else in the node uses
      impl.failoverCompleteHandler(hub::failedOver);
    }
    return hub.start();
  }

  @Override
  public Future<?> stop() {
    return hub.stop().eventually(() -> {
      discovery.close();
      return Future.succeededFuture();
    });
  }
}
