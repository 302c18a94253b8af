package multinode.bridge.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import multinode.bridge.BridgePermissions;
import multinode.chat.Chat;
import multinode.config.BridgeSettings;
import multinode.pubsub.PubSub;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP bridge's server. It is multinode's own, speaking vertx-tcp-eventbus-bridge's wire protocol,
 * rather than the stock bridge: that one registers a clustered event-bus consumer per registration (a
 * cluster-wide write per client), cannot reach pubsub topics (they are not event-bus addresses), has no
 * frame limit and throws on a frame without a type. See {@link TcpBridgeSocket}.
 */
public final class TcpBridge {

  private final NetServer server;
  private final AtomicInteger clients;

  private TcpBridge(NetServer server, AtomicInteger clients) {
    this.server = server;
    this.clients = clients;
  }

  /** Listens as {@code settings} say; call from the owning verticle's context. */
  public static Future<TcpBridge> listen(Vertx vertx, BridgeSettings settings, PubSub pubSub, Chat chat) {
    BridgePermissions permissions = new BridgePermissions(settings.topicPrefixes());
    NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    AtomicInteger clients = new AtomicInteger();
    server.connectHandler(socket -> new TcpBridgeSocket(socket, permissions, pubSub, chat, vertx.eventBus(),
      settings.maxFrameBytes(), clients).start());
    return server.listen(settings.port(), settings.host()).map(listening -> new TcpBridge(listening, clients));
  }

  /** How many clients are connected. */
  public int clients() {
    return clients.get();
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
