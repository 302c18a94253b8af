package multinode.bridge.impl;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import multinode.bridge.BridgePermissions;
import multinode.chat.Chat;
import multinode.dashboard.Dashboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One browser on a SockJS bridge, the chat page's or the dashboard's (or the raw WebSocket at
 * {@code …/eventbus/websocket}): each SockJS message is one frame. A socket that sends nothing (the official client pings every 5 s) for
 * {@value #IDLE_TIMEOUT_MS} ms is closed by its bridge's sweep and leaves its rooms.
 */
public final class SockJsTransport implements BridgeSocket.Transport {

  /** The largest frame a browser may send. */
  static final int MAX_FRAME_BYTES = 16 * 1024;
  /** Addresses (rooms) one socket may register. */
  static final int MAX_REGISTRATIONS = 20;
  /** Characters that may wait for one socket's client before it is dropped as a slow consumer. */
  static final long MAX_WAITING_CHARS = 1024 * 1024;
  /** A socket silent this long is closed. */
  public static final long IDLE_TIMEOUT_MS = 10_000;

  private static final BridgeSocket.Limits LIMITS = new BridgeSocket.Limits(MAX_FRAME_BYTES, MAX_REGISTRATIONS, MAX_WAITING_CHARS);
  private static final Logger log = LoggerFactory.getLogger(SockJsTransport.class);

  private final SockJSSocket socket;
  /** Writes straight to the socket's WebSocket; null for SockJS's other transports, which Vert.x writes. */
  private final WebSocketWrites.Out webSocket;
  private final Runnable ended;
  private final BridgeSocket bridge;

  private SockJsTransport(SockJSSocket socket, WebSocketWrites.Out webSocket, BridgePermissions permissions, Frames frames,
                          BridgeCounters counters, Function<BiConsumer<String, Object>, Endpoints> endpoints, Runnable ended) {
    this.socket = socket;
    this.webSocket = webSocket;
    this.ended = ended;
    this.bridge = new BridgeSocket(this, permissions, LIMITS, frames, counters, null, endpoints);
  }

  /**
   * Serves a browser of the chat page, with the browser policy; call on the socket's context.
   *
   * @param ended called once the socket ended or was dropped, to stop sweeping it
   */
  public static SockJsTransport chat(SockJSSocket socket, Writes writes, Frames frames, BridgeCounters counters, Chat chat,
                                     Runnable ended) {
    return serve(new SockJsTransport(socket, writes.out(socket), BridgePermissions.browser(), frames, counters,
      deliver -> new BrowserEndpoints(chat, deliver), ended), counters);
  }

  /**
   * Serves the dashboard page, with the dashboard policy (read-only); call on the socket's context.
   *
   * @param ended called once the socket ended or was dropped, to stop sweeping it
   */
  public static SockJsTransport dashboard(SockJSSocket socket, Writes writes, Frames frames, BridgeCounters counters,
                                          Dashboard dashboard, Runnable ended) {
    return serve(new SockJsTransport(socket, writes.out(socket), BridgePermissions.dashboard(), frames, counters,
      deliver -> new DashboardEndpoints(dashboard, deliver), ended), counters);
  }

  /** How one bridge writes to its sockets; make one per bridge. */
  public static final class Writes {

    private final WebSocketWrites webSockets = new WebSocketWrites();
    private final String rawWebSocketPath;

    /** For a bridge mounted at {@code mount}, whose raw WebSocket is {@code <mount>/websocket}. */
    public Writes(String mount) {
      this.rawWebSocketPath = mount + "/websocket";
    }

    private WebSocketWrites.Out out(SockJSSocket socket) {
      String path = socket.routingContext().request().path();
      return webSockets.out(socket, !rawWebSocketPath.equals(path));
    }
  }

  private static SockJsTransport serve(SockJsTransport transport, BridgeCounters counters) {
    SockJSSocket socket = transport.socket;
    Utf8Frames.guard(socket, counters.rejected::increment);
    socket.handler(transport.bridge::frame);
    socket.exceptionHandler(e -> log.debug("socket from {} failed: {}", socket.remoteAddress(), e.toString()));
    socket.endHandler(v -> transport.bridge.closed());
    return transport;
  }

  /** Closes the socket if it sent nothing for {@value #IDLE_TIMEOUT_MS} ms; it then leaves its rooms. */
  public void closeIfIdle(long now) {
    if (now - bridge.lastFrame() > IDLE_TIMEOUT_MS) {
      log.debug("socket from {} idle, closing it", socket.remoteAddress());
      socket.close();
    }
  }

  @Override
  public void write(Frame frame, Runnable written) {
    if (webSocket != null) {
      webSocket.write(frame, written);
    } else {
      socket.write(frame.text()).onComplete(ar -> written.run());
    }
  }

  @Override
  public void drop(String reason) {
    socket.close(1008, reason);
    // the close frame queues behind what the client does not read: drop the connection itself
    HttpConnection connection = socket.routingContext().request().connection();
    if (connection instanceof HttpServerConnection server) {
      server.channelHandlerContext().channel().close();
    }
  }

  @Override
  public void closed() {
    if (webSocket != null) {
      webSocket.close();
    }
    ended.run();
  }

  @Override
  public String remote() {
    return String.valueOf(socket.remoteAddress());
  }
}
