package multinode.bridge.impl;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import multinode.bridge.BridgePermissions;
import multinode.chat.Chat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser on the SockJS bridge (or the raw WebSocket at {@code /eventbus/websocket}): each SockJS
 * message is one frame. A socket that sends nothing (the official client pings every 5 s) for
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
  /** The name Netty's WebSocket handshake gives the frame encoder in the connection's pipeline. */
  private static final String WEBSOCKET_ENCODER = "wsencoder";
  /** The name of Vert.x's own handler, last in a WebSocket connection's pipeline. */
  private static final String VERTX_HANDLER = "handler";
  private static final Logger log = LoggerFactory.getLogger(SockJsTransport.class);

  private final SockJSSocket socket;
  private final Runnable ended;
  private final BridgeSocket bridge;

  private SockJsTransport(SockJSSocket socket, Frames frames, BridgeCounters counters, Chat chat, Runnable ended) {
    this.socket = socket;
    this.ended = ended;
    this.bridge = new BridgeSocket(this, BridgePermissions.browser(), LIMITS, frames, counters,
      deliver -> new BrowserEndpoints(chat, deliver));
  }

  /**
   * Serves a socket the SockJS handler accepted; call on its context.
   *
   * @param ended called once the socket ended or was dropped, to stop sweeping it
   */
  public static SockJsTransport serve(SockJSSocket socket, Frames frames, BridgeCounters counters, Chat chat,
                                      Runnable ended) {
    SockJsTransport transport = new SockJsTransport(socket, frames, counters, chat, ended);
    validateUtf8(socket, counters);
    socket.handler(transport.bridge::frame);
    socket.exceptionHandler(e -> log.debug("socket from {} failed: {}", socket.remoteAddress(), e.toString()));
    socket.endHandler(v -> transport.bridge.closed());
    return transport;
  }

  /**
   * Has Netty check a WebSocket's text frames: one that is not UTF-8 fails the connection with 1007, as
   * RFC 6455 (8.1) asks. Vert.x hands the SockJS socket text already decoded, with the bad bytes replaced,
   * so the check has to come before it. Other SockJS transports carry JSON strings, UTF-8 by then.
   */
  private static void validateUtf8(SockJSSocket socket, BridgeCounters counters) {
    if (socket.routingContext().request().connection() instanceof HttpServerConnection server) {
      ChannelPipeline pipeline = server.channelHandlerContext().channel().pipeline();
      if (pipeline.get(WEBSOCKET_ENCODER) != null && pipeline.get(VERTX_HANDLER) != null
        && pipeline.get(Utf8FrameValidator.class) == null) {
        // just before Vert.x's handler: after the frame codec and any permessage-deflate inflater (a
        // compressed frame is not text yet), and so that the close frame written here is encoded on its way out
        pipeline.addBefore(VERTX_HANDLER, "utf8-validator", new Utf8FrameValidator(false));
        pipeline.addAfter("utf8-validator", "utf8-refusal", new ChannelInboundHandlerAdapter() {
          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof CorruptedWebSocketFrameException) {
              counters.rejected.increment();
              ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid_utf8"))
                .addListener(ChannelFutureListener.CLOSE);
            } else {
              ctx.fireExceptionCaught(cause);
            }
          }
        });
      }
    }
  }

  /** Closes the socket if it sent nothing for {@value #IDLE_TIMEOUT_MS} ms; it then leaves its rooms. */
  public void closeIfIdle(long now) {
    if (now - bridge.lastFrame() > IDLE_TIMEOUT_MS) {
      log.debug("socket from {} idle, closing it", socket.remoteAddress());
      socket.close();
    }
  }

  @Override
  public Future<Void> write(String frame) {
    return socket.write(frame);
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
    ended.run();
  }

  @Override
  public String remote() {
    return String.valueOf(socket.remoteAddress());
  }
}
