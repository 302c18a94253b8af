package multinode.bridge;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import multinode.bridge.impl.BridgeCounters;
import multinode.bridge.impl.Frames;
import multinode.bridge.impl.SockJsTransport;
import multinode.chat.Chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser bridge, to mount at {@code /eventbus/*} (SockJS, and a raw WebSocket at
 * {@code /eventbus/websocket}); what a browser may reach is {@link BridgePermissions#browser()}.
 * <p>
 * It speaks the protocol of Vert.x's SockJS event-bus bridge, so the official browser client works, but
 * it is not the stock bridge: that one registers a clustered event-bus consumer for every address every
 * socket registers, a cluster-wide write per socket. Here a browser's rooms are its chat session's, and a
 * room message crosses the network once per node.
 */
public final class SockJsBridge {

  private final BridgeCounters counters = new BridgeCounters();
  private final Set<SockJsTransport> open = ConcurrentHashMap.newKeySet();
  private final Router router;

  /** A bridge for this chat; one timer sweeps its idle sockets. */
  public SockJsBridge(Vertx vertx, Chat chat) {
    Frames frames = Frames.sockJs();
    vertx.setPeriodic(SockJsTransport.IDLE_TIMEOUT_MS / 4, t -> {
      long now = System.currentTimeMillis();
      open.forEach(socket -> socket.closeIfIdle(now));
    });
    router = SockJSHandler.create(vertx, new SockJSHandlerOptions()).socketHandler(socket -> {
      SockJsTransport[] served = new SockJsTransport[1];
      served[0] = SockJsTransport.serve(socket, frames, counters, chat, () -> open.remove(served[0]));
      open.add(served[0]);
    });
  }

  /** The router to mount at {@code /eventbus/*}. */
  public Router router() {
    return router;
  }

  /** What the bridge counts. */
  public BridgeStats stats() {
    return counters;
  }
}
