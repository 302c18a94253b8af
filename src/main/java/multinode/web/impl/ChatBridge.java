package multinode.web.impl;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import multinode.chat.Chat;
import multinode.web.ChatBridgeStats;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The browser bridge at {@code /eventbus/*} (SockJS, and a raw WebSocket at {@code /eventbus/websocket}).
 * <p>
 * It speaks the protocol of Vert.x's SockJS event-bus bridge, so the official browser client works, but
 * it is not the stock bridge: that one registers a clustered event-bus consumer for every address every
 * socket registers, a cluster-wide write per socket. Here a room registration is a local subscription
 * of the socket's chat session, and a room message crosses the network once per node. See
 * {@link BridgeSocket} for the protocol and its limits.
 */
public final class ChatBridge implements ChatBridgeStats {

  /** The largest frame a browser may send. */
  static final int MAX_FRAME_BYTES = 16 * 1024;
  /** Handlers (room addresses) one socket may register. */
  static final int MAX_HANDLERS = 20;
  /** Characters that may wait for one socket's client before it is closed as a slow consumer. */
  static final long MAX_WAITING_CHARS = 1024 * 1024;
  /** A socket silent this long is closed (the official client pings every 5 s). */
  static final long IDLE_TIMEOUT_MS = 10_000;

  /** Its sockets: each adds itself, and leaves when it closes. */
  final Set<BridgeSocket> open = ConcurrentHashMap.newKeySet();
  /** Sockets closed because their client stopped reading. */
  final LongAdder slowConsumers = new LongAdder();
  /** Frames refused with an {@code err} frame. */
  final LongAdder rejected = new LongAdder();
  private final Router router;

  /** A bridge for this chat; one timer sweeps its idle sockets. */
  public ChatBridge(Vertx vertx, Chat chat) {
    RecFrames frames = new RecFrames();
    vertx.setPeriodic(IDLE_TIMEOUT_MS / 4, t -> {
      long now = System.currentTimeMillis();
      open.forEach(socket -> socket.closeIfIdle(now));
    });
    router = SockJSHandler.create(vertx, new SockJSHandlerOptions())
      .socketHandler(socket -> new BridgeSocket(socket, chat, frames, this).start());
  }

  /** The router to mount at {@code /eventbus/*}. */
  public Router router() {
    return router;
  }

  @Override
  public int openSockets() {
    return open.size();
  }

  @Override
  public long rejected() {
    return rejected.sum();
  }

  @Override
  public long slowConsumersClosed() {
    return slowConsumers.sum();
  }
}
