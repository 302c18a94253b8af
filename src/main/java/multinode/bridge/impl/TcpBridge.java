package multinode.bridge.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import multinode.bridge.BridgePermissions;
import multinode.chat.Chat;
import multinode.config.BridgeSettings;
import multinode.pubsub.PubSub;


/**
 * The TCP bridge's server. It is multinode's own, speaking vertx-tcp-eventbus-bridge's wire protocol,
 * rather than the stock bridge: that one registers a clustered event-bus consumer per registration (a
 * cluster-wide write per client), cannot reach pubsub topics (they are not event-bus addresses), has no
 * frame limit and throws on a frame without a type. See {@link TcpBridgeSocket}.
 */
public final class TcpBridge {

  private final NetServer server;
  private final BridgeCounters counters;

  private TcpBridge(NetServer server, BridgeCounters counters) {
    this.server = server;
    this.counters = counters;
  }

  /** Listens as {@code settings} say; call from the owning verticle's context. */
  public static Future<TcpBridge> listen(Vertx vertx, BridgeSettings settings, PubSub pubSub, Chat chat) {
    BridgePermissions permissions = new BridgePermissions(settings.topicPrefixes());
    NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    BridgeCounters counters = new BridgeCounters();
    server.connectHandler(socket -> new TcpBridgeSocket(socket, permissions, pubSub, chat, vertx.eventBus(),
      settings.maxFrameBytes(), counters).start());
    return server.listen(settings.port(), settings.host()).map(listening -> new TcpBridge(listening, counters));
  }

  /** How many clients are connected. */
  public int clients() {
    return counters.clients.get();
  }

  /** How many clients were closed so far because they stopped reading. */
  public long slowConsumersClosed() {
    return counters.slowConsumers.sum();
  }

  /** How many frames were refused with an {@code err} frame so far. */
  public long rejected() {
    return counters.rejected.sum();
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
