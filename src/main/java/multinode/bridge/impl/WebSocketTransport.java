package multinode.bridge.impl;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ShutdownEvent;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.impl.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One browser on a browser bridge's WebSocket: the raw one ({@code <mount>/websocket}, each WebSocket
 * message one bridge frame) or SockJS's WebSocket transport ({@code <mount>/<server>/<session>/websocket},
 * whose messages are SockJS's: {@code o} to open, {@code h} every {@value #HEARTBEAT_MS} ms, arrays of
 * frames both ways, {@code c[code,"reason"]} to close). Served in the connection's own Netty pipeline.
 * <p>
 * The upgrade is Vert.x's own, done here: Netty's handshake on the HTTP connection, then the connection's
 * Vert.x handler swapped for this one. Through Vert.x ({@code toWebSocket()}), each WebSocket keeps its
 * upgraded HTTP connection and a WebSocket connection of its own, each with an outbound queue whose first
 * chunk is an array of 1,024 slots, plus stream objects and, for SockJS, a session with its own timer:
 * most of the heap an idle browser cost (bench/README.md has the figures). Here a socket is its Netty
 * channel, this handler and its {@link BridgeSocket}. The frames it is owed leave through
 * {@link WebSocketWrites}.
 * <p>
 * What the socket reads, RFC 6455 as Vert.x keeps it: messages of up to
 * {@value HttpServerOptions#DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE} bytes in frames of up to
 * {@value HttpServerOptions#DEFAULT_MAX_WEBSOCKET_FRAME_SIZE}, text checked as UTF-8, pings answered, and
 * a close answered with a close. A protocol error closes the socket with its status (1002; 1007
 * {@code invalid_utf8} for text that is not UTF-8, or {@code invalid_json} for a SockJS message that is not
 * an array of strings; 1009 {@code too_large}), counted as rejected; a node that stops closes its sockets
 * with 1001 {@code node_stopping}. Frames and the close reach the bridge on the request's Vert.x context.
 */
public final class WebSocketTransport extends ChannelInboundHandlerAdapter implements BridgeSocket.Transport,
  BrowserSocket {

  /** How often SockJS's heartbeat frame goes to an open socket, as SockJS's default. */
  static final long HEARTBEAT_MS = 25_000;
  /** How long a close from this side waits for the client to end the connection, as Vert.x's default. */
  static final long CLOSING_TIMEOUT_MS = 10_000;
  /** The name of Vert.x's handler in an HTTP connection's pipeline, taken over by this one. */
  private static final String HANDLER = "handler";
  private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

  private final Channel channel;
  private final boolean sockJs;
  private final ContextInternal context;
  private final WebSocketWrites.Out out;
  private final BridgeCounters counters;
  private final BrowserSocket.Lifecycle lifecycle;
  private final BridgeSocket bridge;
  /** What Vert.x's HTTP server metrics count of the connection; null without metrics. */
  private final UpgradeMetrics metrics;
  /** When SockJS's heartbeat last went out (or the socket opened); epoch milliseconds. */
  private long heartbeat = System.currentTimeMillis();
  /** Whether this side sent its close frame; on the channel's event loop. */
  private boolean closing;

  private WebSocketTransport(Channel channel, boolean sockJs, UpgradeMetrics metrics, WebSocketWrites writes,
                             BrowserPolicy policy, Frames frames, BridgeCounters counters,
                             BrowserSocket.Lifecycle lifecycle) {
    this.channel = channel;
    this.metrics = metrics;
    this.sockJs = sockJs;
    this.context = (ContextInternal) Vertx.currentContext();
    this.out = writes.out(channel, sockJs);
    this.counters = counters;
    this.lifecycle = lifecycle;
    this.bridge = policy.socket(this, frames, counters);
  }

  /**
   * Upgrades the request to a WebSocket served with {@code policy}, or answers it with the reason it
   * cannot be (400 {@code not_a_websocket_upgrade} or {@code bad_websocket_handshake}, 426
   * {@code unsupported_websocket_version}); call from the request's route, on its context.
   *
   * @param sockJs whether the socket speaks SockJS (its WebSocket transport) or is the raw WebSocket
   * @param lifecycle told once the socket is open, and once it ended
   */
  public static void upgrade(RoutingContext ctx, boolean sockJs, BrowserPolicy policy, WebSocketWrites writes,
                             Frames frames, BridgeCounters counters, BrowserSocket.Lifecycle lifecycle) {
    HttpServerRequest request = ctx.request();
    if (!request.canUpgradeToWebSocket() || !(request.connection() instanceof HttpServerConnection connection)) {
      refuseUpgrade(ctx, 400, "not_a_websocket_upgrade", "this address takes a WebSocket upgrade (a GET with Upgrade: websocket)");
      return;
    }
    Runnable handshake = () -> handshake(ctx, connection, sockJs, policy, writes, frames, counters, lifecycle);
    // as Vert.x does: the handshake once the request (a GET, whose body is empty) has been read whole
    if (request.isEnded()) {
      handshake.run();
    } else {
      request.endHandler(v -> handshake.run());
    }
  }

  private static void handshake(RoutingContext ctx, HttpServerConnection connection, boolean sockJs,
                                BrowserPolicy policy, WebSocketWrites writes, Frames frames, BridgeCounters counters,
                                BrowserSocket.Lifecycle lifecycle) {
    HttpServerRequest request = ctx.request();
    Channel channel = connection.channelHandlerContext().channel();
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    request.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
    FullHttpRequest handshakeRequest = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, request.uri(),
      Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
    WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
      .maxFramePayloadLength(HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE)
      .allowExtensions(true) // permessage-deflate, which Vert.x's HTTP server negotiates
      .closeOnProtocolViolation(false) // answered below, with the status
      .build();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(request.uri(), null, decoder)
      .newHandshaker(handshakeRequest);
    if (handshaker == null) {
      ctx.response().putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION.toString(), WebSocketVersion.V13.toHttpHeaderValue());
      refuseUpgrade(ctx, 426, "unsupported_websocket_version", "the WebSocket version this node speaks is 13");
      return;
    }
    try {
      handshaker.handshake(channel, handshakeRequest, EmptyHttpHeaders.INSTANCE, channel.newPromise())
        .addListener(f -> {
          if (!f.isSuccess()) {
            log.debug("WebSocket handshake with {} failed: {}", request.remoteAddress(), f.cause().toString());
            channel.close();
          } else if (sockJs) {
            // only now: until the 101 is written, the HTTP encoder is in the pipeline and fails a frame
            channel.writeAndFlush(new TextWebSocketFrame("o"));
          }
        });
    } catch (WebSocketHandshakeException e) {
      // checked before the handshake changes the pipeline: the connection is still HTTP's
      refuseUpgrade(ctx, 400, "bad_websocket_handshake", e.getMessage());
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    // the decoder and encoder are WebSocket's from here on; the rest of the HTTP connection goes with Vert.x's handler
    UpgradeMetrics metrics = UpgradeMetrics.upgraded(connection, request);
    WebSocketTransport transport = new WebSocketTransport(channel, sockJs, metrics, writes, policy, frames, counters,
      lifecycle);
    pipeline.replace(HANDLER, HANDLER, transport);
    // before this handler, after any permessage-deflate inflater (a compressed frame is not text yet)
    pipeline.addBefore(HANDLER, "utf8-validator", new Utf8FrameValidator(false));
    pipeline.addBefore(HANDLER, "aggregator", new WebSocketFrameAggregator(HttpServerOptions.DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE));
    lifecycle.opened(transport);
    if (!channel.isActive()) {
      // gone during the handshake, before this handler could hear of it
      transport.ended();
    }
  }

  /** An upgrade request answered with {@code status} and a snake_case {@code code}, as the bridge's other refusals. */
  private static void refuseUpgrade(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
      .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      // nothing but frames comes after the upgrade
      ReferenceCountUtil.release(msg);
      return;
    }
    if (closing) {
      // the client's answer to this side's close ends the connection; what it sent before is not read
      if (frame instanceof CloseWebSocketFrame) {
        ctx.close();
      }
      frame.release();
      return;
    }
    if (frame instanceof TextWebSocketFrame text && sockJs) {
      String messages = text.text();
      frame.release();
      sockJsMessages(messages);
    } else if (frame instanceof TextWebSocketFrame || (frame instanceof BinaryWebSocketFrame && !sockJs)) {
      Buffer data = Buffer.buffer(ByteBufUtil.getBytes(frame.content()));
      frame.release();
      context.emit(data, bridge::frame);
    } else if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content()));
    } else if (frame instanceof CloseWebSocketFrame) {
      // the close answered with the client's own status, then the connection ends
      ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    } else {
      // pongs, and binary messages on SockJS, which carries text only
      frame.release();
    }
  }

  /** A SockJS client's WebSocket message: a JSON array of frames (or one JSON string), each a bridge frame. */
  private void sockJsMessages(String messages) {
    if (messages.isEmpty() || messages.equals("[]")) {
      return;
    }
    List<String> frames = messages.startsWith("\"") || messages.startsWith("[\"") ? JsonCodec.decodeValues(messages) : null;
    if (frames == null || frames.contains(null)) {
      refuse(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid_json", "not a SockJS array of strings");
      return;
    }
    for (String frame : frames) {
      context.emit(Buffer.buffer(frame), bridge::frame);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ended();
  }

  /** The connection is closed: counted as gone, and the bridge lets go of the socket. */
  private void ended() {
    if (metrics != null) {
      metrics.closed();
    }
    context.emit(v -> bridge.closed());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ShutdownEvent) {
      // the HTTP server is stopping (the node is): the client learns it, then Vert.x ends the connection
      close(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "node_stopping"));
    }
    ReferenceCountUtil.release(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    WebSocketCloseStatus status;
    String reason;
    if (cause instanceof CorruptedWebSocketFrameException corrupted
      && corrupted.closeStatus().equals(WebSocketCloseStatus.INVALID_PAYLOAD_DATA)) {
      status = WebSocketCloseStatus.INVALID_PAYLOAD_DATA;
      reason = "invalid_utf8";
    } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      status = corrupted.closeStatus();
      reason = status.equals(WebSocketCloseStatus.MESSAGE_TOO_BIG) ? "too_large" : "protocol_error";
    } else if (cause instanceof TooLongFrameException) {
      status = WebSocketCloseStatus.MESSAGE_TOO_BIG;
      reason = "too_large";
    } else if (cause instanceof CorruptedFrameException) {
      status = WebSocketCloseStatus.PROTOCOL_ERROR;
      reason = "protocol_error";
    } else {
      log.debug("socket from {} failed: {}", remote(), cause.toString());
      ctx.close();
      return;
    }
    refuse(status, reason, cause.getMessage());
  }

  /** A frame the socket cannot be read past: counted, and the socket closed with {@code status} and {@code code}. */
  private void refuse(WebSocketCloseStatus status, String code, String why) {
    counters.rejected.increment();
    log.debug("socket from {} closed: {} ({})", remote(), code, why);
    close(new CloseWebSocketFrame(status, code));
  }

  /**
   * Closes from this side, as RFC 6455 (7.1) has a server do: the close frame, then this side of the TCP
   * connection, whose other side the client closes once it has read the frame; at the latest after
   * {@value #CLOSING_TIMEOUT_MS} ms the connection is closed anyway. Closing it at once instead would reset
   * it under whatever the client is still sending, and the client would never read the close frame.
   * On the channel's event loop.
   */
  private void close(CloseWebSocketFrame frame) {
    if (closing) {
      frame.release();
      return;
    }
    closing = true;
    // no data frame may follow the close frame: what still waits for the socket is dropped
    out.close();
    channel.writeAndFlush(frame).addListener(f -> {
      if (f.isSuccess() && channel instanceof DuplexChannel duplex) {
        duplex.shutdownOutput();
      }
    });
    ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> channel.close(), CLOSING_TIMEOUT_MS,
      TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> timeout.cancel(false));
  }

  @Override
  public void sweep(long now) {
    if (now - bridge.lastFrame() > BrowserPolicy.IDLE_TIMEOUT_MS) {
      log.debug("socket from {} idle, closing it", remote());
      channel.eventLoop().execute(() -> {
        if (closing) {
          return;
        }
        if (sockJs) {
          // as SockJS closes a session: its close frame, then the WebSocket's
          channel.write(new TextWebSocketFrame("c[3000,\"Go away!\"]"));
        }
        close(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
      });
    } else if (sockJs && now - heartbeat >= HEARTBEAT_MS) {
      heartbeat = now;
      channel.eventLoop().execute(() -> {
        if (!closing) {
          channel.writeAndFlush(new TextWebSocketFrame("h"));
        }
      });
    }
  }

  @Override
  public void write(Frame frame) {
    out.write(frame);
  }

  @Override
  public long waiting() {
    return out.waiting();
  }

  @Override
  public void drop(String reason) {
    // a close frame would queue behind what the client does not read: the connection itself goes
    channel.close();
  }

  @Override
  public void closed() {
    out.close();
    lifecycle.ended(this);
  }

  @Override
  public String remote() {
    return String.valueOf(channel.remoteAddress());
  }
}
