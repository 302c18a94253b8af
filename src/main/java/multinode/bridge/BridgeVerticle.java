package multinode.bridge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import multinode.Failures;
import multinode.Token;
import multinode.bridge.impl.BridgeCounters;
import multinode.bridge.impl.Frames;
import multinode.bridge.impl.Reach;
import multinode.bridge.impl.TcpTransport;
import multinode.chat.Chat;
import multinode.config.BridgeSettings;
import multinode.dashboard.Dashboard;
import multinode.pubsub.PubSub;

/**
 * The TCP event-bus bridge for services in any language ({@code bridge.port}; 0 turns it off); what a
 * client may reach is {@link BridgePermissions#service}. It listens on loopback unless {@code bridge.host}
 * says otherwise, and then a client's first frame must carry {@code bridge.token}.
 * <p>
 * It is multinode's own, speaking vertx-tcp-eventbus-bridge's wire protocol, rather than the stock
 * bridge: that one registers a clustered event-bus consumer per registration (a cluster-wide write per
 * client), cannot reach pubsub topics (they are not event-bus addresses), has no frame limit and throws
 * on a frame without a type.
 */
public final class BridgeVerticle extends VerticleBase {

  private final BridgeSettings settings;
  private final PubSub pubSub;
  private final Chat chat;
  private final Dashboard dashboard;
  private final BridgeCounters counters = new BridgeCounters();
  private NetServer server;

  public BridgeVerticle(BridgeSettings settings, PubSub pubSub, Chat chat, Dashboard dashboard) {
    this.settings = settings;
    this.pubSub = pubSub;
    this.chat = chat;
    this.dashboard = dashboard;
  }

  @Override
  public Future<?> start() {
    if (!settings.enabled()) {
      return Future.succeededFuture();
    }
    BridgePermissions permissions = BridgePermissions.service(settings.topicPrefixes());
    Frames frames = Frames.tcp();
    Token token = settings.tokenRequired() ? Token.of(settings.token()) : null;
    Reach reach = new Reach(pubSub, chat, dashboard, vertx.eventBus());
    return vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
      .connectHandler(socket -> TcpTransport.serve(socket, settings.maxFrameBytes(), permissions, frames, counters,
        token, reach))
      .listen(settings.port(), settings.host())
      .onSuccess(listening -> server = listening)
      .recover(e -> Future.failedFuture(new IllegalStateException("the TCP bridge cannot listen on "
        + settings.host() + ":" + settings.port() + " (bridge.port; pick another with MULTINODE_BRIDGE_PORT, or 0 for none): "
        + Failures.ioMessage(e), e)));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** What the bridge counts. */
  public BridgeStats stats() {
    return counters;
  }

  /** The address the bridge listens on ({@code bridge.host}, with {@code cluster} resolved). */
  public String host() {
    return settings.host();
  }

  /** The port the bridge listens on, or 0 when it is off. */
  public int port() {
    return server == null ? 0 : server.actualPort();
  }
}
