package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;

import java.io.IOException;
import java.util.Map;

/**
 * How one WebSocket's bytes, frames already, reach the kernel. On Linux's epoll, when no handler before
 * the frame encoder changes bytes on their way out (TLS would), a {@code send()} straight from the
 * caller's buffer, past Netty's pipeline, outbound buffer and promise; what the kernel does not take then,
 * and every byte of any other connection, through Netty's pipeline from the frame encoder on. On the
 * connection's event loop only.
 */
final class SocketSend {

  private final Channel channel;
  /** Where the socket's bytes enter the pipeline: before the frame encoder, as they are frames already. */
  private final ChannelHandlerContext encoder;
  /** The connection's socket, where its bytes may go to the kernel without Netty's write path; else null. */
  private final Socket socket;

  SocketSend(Channel channel) {
    this.channel = channel;
    this.encoder = channel.pipeline().context(WebSocketWrites.WEBSOCKET_ENCODER);
    this.socket = channel instanceof EpollSocketChannel epoll && epoll.fd() instanceof Socket fd
      && nothingOnTheWayOut(channel.pipeline()) ? fd : null;
  }

  /** Whether every handler between the pipeline's head and the frame encoder handles only what comes in. */
  private static boolean nothingOnTheWayOut(ChannelPipeline pipeline) {
    for (Map.Entry<String, ChannelHandler> handler : pipeline) {
      if (handler.getKey().equals(WebSocketWrites.WEBSOCKET_ENCODER)) {
        return true;
      }
      if (handler.getValue() instanceof ChannelOutboundHandler) {
        return false;
      }
    }
    return false;
  }

  /**
   * Hands the bytes to the kernel at once, if the socket allows it and none of its bytes wait in Netty's
   * outbound buffer (they would leave first): how many the kernel took, none when it is full. A send
   * that fails is left to the pipeline's write, which fails the same way and closes the connection.
   */
  int sendNow(ByteBuf bytes) {
    if (socket == null || !bytes.hasMemoryAddress()) {
      return 0;
    }
    ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
    if (queued == null || queued.totalPendingWriteBytes() > 0) {
      return 0;
    }
    try {
      return socket.sendAddress(bytes.memoryAddress(), bytes.readerIndex(), bytes.writerIndex());
    } catch (IOException e) {
      return 0;
    }
  }

  /** Netty's write of the bytes (after any it holds already), flushed: the way for what the kernel did not take. */
  ChannelFuture write(ByteBuf bytes) {
    return encoder.writeAndFlush(bytes);
  }
}
