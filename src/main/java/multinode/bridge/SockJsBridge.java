package multinode.bridge;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import multinode.bridge.impl.BridgeCounters;
import multinode.bridge.impl.Frames;
import multinode.bridge.impl.SessionLimits;
import multinode.bridge.impl.SockJsTransport;
import multinode.chat.Chat;
import multinode.config.HttpSettings;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser bridge, to mount at {@value #MOUNT}{@code /*} (SockJS, and a raw WebSocket at
 * {@code /eventbus/websocket}); what a browser may reach is {@link BridgePermissions#browser()}.
 * <p>
 * It speaks the protocol of Vert.x's SockJS event-bus bridge, so the official browser client works, but
 * it is not the stock bridge: that one registers a clustered event-bus consumer for every address every
 * socket registers, a cluster-wide write per socket. Here a browser's rooms are its chat session's, and a
 * room message crosses the network once per node.
 * <p>
 * It is the public port's door, so {@link #admission()} runs before it: a request that would open a session
 * (a WebSocket, or a SockJS transport's first request of a session) from an address that holds or opens too
 * many ({@code http.sessions}) is answered 429 {@code too_many_sessions} or {@code too_many_new_sessions}
 * before any session exists, and counted.
 */
public final class SockJsBridge {

  /** Where the bridge is mounted. */
  public static final String MOUNT = "/eventbus";
  /** SockJS transports whose first request for a session id opens that session. */
  private static final Set<String> OPENING = Set.of("websocket", "xhr", "xhr_streaming", "eventsource", "htmlfile", "jsonp");

  private final BridgeCounters counters = new BridgeCounters();
  private final Set<SockJsTransport> open = ConcurrentHashMap.newKeySet();
  /** The session ids SockJS serves now, so that a transport's later requests for one are not new sessions. */
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final SessionLimits limits;
  private final Router router;

  /** A bridge for this chat; one timer sweeps its idle sockets and the addresses it no longer limits. */
  public SockJsBridge(Vertx vertx, Chat chat, HttpSettings.SessionLimits sessionLimits) {
    Frames frames = Frames.sockJs();
    limits = new SessionLimits(sessionLimits.perAddress(), sessionLimits.perSecond());
    vertx.setPeriodic(SockJsTransport.IDLE_TIMEOUT_MS / 4, t -> {
      long now = System.currentTimeMillis();
      open.forEach(socket -> socket.closeIfIdle(now));
      limits.sweep();
    });
    router = SockJSHandler.create(vertx, new SockJSHandlerOptions()).socketHandler(socket -> {
      String host = socket.remoteAddress().host();
      String session = sessionId(socket.uri());
      limits.opened(host);
      if (session != null) {
        sessions.add(session);
      }
      SockJsTransport[] served = new SockJsTransport[1];
      served[0] = SockJsTransport.serve(socket, frames, counters, chat, () -> {
        open.remove(served[0]);
        limits.closed(host);
        if (session != null) {
          sessions.remove(session);
        }
      });
      open.add(served[0]);
    });
  }

  /** The router to mount at {@value #MOUNT}{@code /*}. */
  public Router router() {
    return router;
  }

  /** The handler to run before {@link #router()}: refuses a new session past its address's limits. */
  public Handler<RoutingContext> admission() {
    return ctx -> {
      if (!opensSession(ctx.request().path())) {
        ctx.next();
        return;
      }
      switch (limits.admit(ctx.request().remoteAddress().host())) {
        case ADMIT -> ctx.next();
        case TOO_MANY -> refuse(ctx, "too_many_sessions", "this address holds as many bridge sessions as it may (http.sessions.perAddress)");
        case TOO_FAST -> refuse(ctx, "too_many_new_sessions", "this address opens bridge sessions faster than it may (http.sessions.perSecond)");
      }
    };
  }

  /** What the bridge counts. */
  public BridgeStats stats() {
    return counters;
  }

  private void refuse(RoutingContext ctx, String code, String message) {
    counters.refusedSession();
    ctx.response().setStatusCode(429).putHeader("retry-after", "1").putHeader("content-type", "application/json")
      .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  /** Whether a request under the mount point would open a session: a raw WebSocket, or an unknown session's first request. */
  private boolean opensSession(String path) {
    String[] parts = segments(path);
    if (parts.length == 1) {
      return parts[0].equals("websocket");
    }
    return parts.length == 3 && OPENING.contains(parts[2]) && !sessions.contains(parts[1]);
  }

  /** The session id in a SockJS socket's URI ({@code /eventbus/<server>/<session>/<transport>}), or null for a raw WebSocket. */
  private static String sessionId(String uri) {
    String[] parts = segments(uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri);
    return parts.length == 3 ? parts[1] : null;
  }

  /** The segments of a path after the mount point; none for a path outside it. */
  private static String[] segments(String path) {
    return path.startsWith(MOUNT + "/") ? path.substring(MOUNT.length() + 1).split("/") : new String[0];
  }
}
