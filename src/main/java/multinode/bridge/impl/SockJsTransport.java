package multinode.bridge.impl;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser on a SockJS bridge, the chat page's or the dashboard's, over one of SockJS's HTTP transports
 * ({@code xhr-streaming}, {@code xhr-polling} and the others SockJS falls back to where WebSocket is
 * blocked), which Vert.x's SockJS handler serves: each SockJS message is one frame. A socket that sends
 * nothing (the official client pings every 5 s) for {@value BrowserPolicy#IDLE_TIMEOUT_MS} ms is closed by
 * its bridge's sweep and leaves its rooms. WebSockets, SockJS's and the raw one, are
 * {@link WebSocketTransport}'s.
 */
public final class SockJsTransport implements BridgeSocket.Transport, BrowserSocket {

  private static final Logger log = LoggerFactory.getLogger(SockJsTransport.class);

  private final SockJSSocket socket;
  private final BrowserSocket.Lifecycle lifecycle;
  private final BridgeSocket bridge;
  private final WaitingChars waiting = new WaitingChars();

  private SockJsTransport(SockJSSocket socket, BrowserPolicy policy, Frames frames, BridgeCounters counters,
                          BrowserSocket.Lifecycle lifecycle) {
    this.socket = socket;
    this.lifecycle = lifecycle;
    this.bridge = policy.socket(this, frames, counters);
  }

  /**
   * Serves a browser with {@code policy}; call on the socket's context.
   *
   * @param lifecycle told once the socket is open, and once it ended
   */
  public static void serve(SockJSSocket socket, BrowserPolicy policy, Frames frames, BridgeCounters counters,
                           BrowserSocket.Lifecycle lifecycle) {
    SockJsTransport transport = new SockJsTransport(socket, policy, frames, counters, lifecycle);
    lifecycle.opened(transport);
    socket.handler(transport.bridge::frame);
    socket.exceptionHandler(e -> log.debug("socket from {} failed: {}", socket.remoteAddress(), e.toString()));
    socket.endHandler(v -> transport.bridge.closed());
  }

  @Override
  public void sweep(long now) {
    if (now - bridge.lastFrame() > BrowserPolicy.IDLE_TIMEOUT_MS) {
      log.debug("socket from {} idle, closing it", socket.remoteAddress());
      socket.close();
    }
  }

  @Override
  public void write(Frame frame) {
    waiting.write(frame, () -> socket.write(frame.text()));
  }

  @Override
  public long waiting() {
    return waiting.chars();
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
    lifecycle.ended(this);
  }

  @Override
  public String remote() {
    return String.valueOf(socket.remoteAddress());
  }
}
