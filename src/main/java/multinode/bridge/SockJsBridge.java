package multinode.bridge;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import multinode.bridge.impl.BridgeCounters;
import multinode.bridge.impl.BrowserPolicy;
import multinode.bridge.impl.BrowserSocket;
import multinode.bridge.impl.Frames;
import multinode.bridge.impl.SessionLimits;
import multinode.bridge.impl.SockJsTransport;
import multinode.bridge.impl.WebSocketTransport;
import multinode.bridge.impl.WebSocketWrites;
import multinode.chat.Chat;
import multinode.dashboard.Dashboard;
import multinode.config.HttpSettings;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A browser bridge: the chat page's ({@link #chat}, to mount at {@value #MOUNT}{@code /*} on the public
 * listener; what a browser may reach is {@link BridgePermissions#browser()}) or the dashboard's
 * ({@link #dashboard}, at {@value #DASHBOARD_MOUNT}{@code /*} on the operator listener;
 * {@link BridgePermissions#dashboard()}, read-only). Each speaks SockJS, and a raw WebSocket at
 * {@code <mount>/websocket}. WebSockets, SockJS's and the raw one, are served by the node itself
 * ({@link WebSocketTransport}), ahead of Vert.x's SockJS handler, which serves SockJS's HTTP fallbacks.
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

  /** Where the chat page's bridge is mounted. */
  public static final String MOUNT = "/eventbus";
  /** Where the dashboard's bridge is mounted. */
  public static final String DASHBOARD_MOUNT = "/dashboard/eventbus";
  /** SockJS transports whose first request for a session id opens that session. */
  private static final Set<String> OPENING = Set.of("websocket", "xhr", "xhr_streaming", "eventsource", "htmlfile", "jsonp");
  /** SockJS's WebSocket transport, under the mount point: {@code /<server>/<session>/websocket}, neither with a dot. */
  private static final String SOCKJS_WEBSOCKET = "/[^/.]+/[^/.]+/websocket";

  private final BridgeCounters counters = new BridgeCounters();
  private final Set<BrowserSocket> open = ConcurrentHashMap.newKeySet();
  /** The session ids SockJS serves now, so that a transport's later requests for one are not new sessions. */
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final String mount;
  private final SessionLimits limits;
  private final Router router;

  /** The chat page's bridge; one timer sweeps its idle sockets and the addresses it no longer limits. */
  public static SockJsBridge chat(Vertx vertx, Chat chat, HttpSettings.SessionLimits sessionLimits) {
    return new SockJsBridge(vertx, MOUNT, sessionLimits, BrowserPolicy.chat(chat));
  }

  /** The dashboard's bridge, read-only; one timer sweeps its idle sockets and the addresses it no longer limits. */
  public static SockJsBridge dashboard(Vertx vertx, Dashboard dashboard, HttpSettings.SessionLimits sessionLimits) {
    return new SockJsBridge(vertx, DASHBOARD_MOUNT, sessionLimits, BrowserPolicy.dashboard(dashboard));
  }

  private SockJsBridge(Vertx vertx, String mount, HttpSettings.SessionLimits sessionLimits, BrowserPolicy policy) {
    Frames frames = Frames.sockJs();
    WebSocketWrites writes = new WebSocketWrites(BrowserPolicy.WRITE_WINDOW, BrowserPolicy.MAX_HELD_CHARS);
    this.mount = mount;
    limits = new SessionLimits(sessionLimits.perAddress(), sessionLimits.perSecond());
    vertx.setPeriodic(BrowserPolicy.IDLE_TIMEOUT_MS / 4, t -> {
      long now = System.currentTimeMillis();
      open.forEach(socket -> socket.sweep(now));
      limits.sweep();
    });
    router = SockJSHandler.create(vertx, new SockJSHandlerOptions()).socketHandler(socket ->
      SockJsTransport.serve(socket, policy, frames, counters,
        lifecycle(socket.remoteAddress().host(), sessionId(mount, socket.uri()))));
    // WebSockets ahead of SockJS's own routes for them, which would keep Vert.x's WebSocket for every socket
    router.get("/websocket").order(-1).handler(ctx -> WebSocketTransport.upgrade(ctx, false, policy, writes, frames,
      counters, lifecycle(ctx.request().remoteAddress().host(), null)));
    router.getWithRegex(SOCKJS_WEBSOCKET).order(-1).handler(ctx -> WebSocketTransport.upgrade(ctx, true, policy, writes,
      frames, counters, lifecycle(ctx.request().remoteAddress().host(), sessionId(mount, ctx.request().path()))));
  }

  /** What the bridge keeps of a socket from {@code host}, of SockJS session {@code session} (null for none). */
  private BrowserSocket.Lifecycle lifecycle(String host, String session) {
    return new BrowserSocket.Lifecycle() {
      @Override
      public void opened(BrowserSocket socket) {
        limits.opened(host);
        if (session != null) {
          sessions.add(session);
        }
        open.add(socket);
      }

      @Override
      public void ended(BrowserSocket socket) {
        open.remove(socket);
        limits.closed(host);
        if (session != null) {
          sessions.remove(session);
        }
      }
    };
  }

  /** Where to mount {@link #router()}, followed by {@code /*}. */
  public String mount() {
    return mount;
  }

  /** The router to mount at {@link #mount()}{@code /*}. */
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
    String[] parts = segments(mount, path);
    if (parts.length == 1) {
      return parts[0].equals("websocket");
    }
    return parts.length == 3 && OPENING.contains(parts[2]) && !sessions.contains(parts[1]);
  }

  /** The session id in a SockJS socket's URI ({@code <mount>/<server>/<session>/<transport>}), or null for a raw WebSocket. */
  private static String sessionId(String mount, String uri) {
    String[] parts = segments(mount, uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri);
    return parts.length == 3 ? parts[1] : null;
  }

  /** The segments of a path after the mount point; none for a path outside it. */
  private static String[] segments(String mount, String path) {
    return path.startsWith(mount + "/") ? path.substring(mount.length() + 1).split("/") : new String[0];
  }
}
