package multinode.bridge.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * A WebSocket's text frames checked as UTF-8: one that is not fails the connection with 1007, as RFC 6455
 * (8.1) asks. Vert.x hands a SockJS socket its text already decoded, with bad bytes replaced, so the check
 * sits in the connection's Netty pipeline, before Vert.x. The other SockJS transports carry JSON strings,
 * which are UTF-8 by the time they arrive; their sockets are left as they are.
 */
final class Utf8Frames {

  /** The name of Vert.x's own handler, last in a WebSocket connection's pipeline. */
  private static final String VERTX_HANDLER = "handler";

  private Utf8Frames() {
  }

  /** Checks the socket's frames if it is a WebSocket; {@code refused} runs for each connection failed. */
  static void guard(SockJSSocket socket, Runnable refused) {
    Channel channel = WebSocketWrites.channel(socket);
    if (channel == null) {
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(VERTX_HANDLER) == null || pipeline.get(Utf8FrameValidator.class) != null) {
      return;
    }
    // just before Vert.x's handler: after the frame codec and any permessage-deflate inflater (a compressed
    // frame is not text yet), and so that the close frame written here is encoded on its way out
    pipeline.addBefore(VERTX_HANDLER, "utf8-validator", new Utf8FrameValidator(false));
    pipeline.addAfter("utf8-validator", "utf8-refusal", new ChannelInboundHandlerAdapter() {
      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException) {
          refused.run();
          ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid_utf8"))
            .addListener(ChannelFutureListener.CLOSE);
        } else {
          ctx.fireExceptionCaught(cause);
        }
      }
    });
  }
}
