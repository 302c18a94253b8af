package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.ext.web.handler.sockjs.impl.JsonCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame for a bridge's clients: its text, and its bytes on a WebSocket, encoded once however many
 * sockets it goes to. A room event reaches every socket of the room as the same {@code Frame} (see
 * {@link Frames}), so its WebSocket bytes are made by the first socket that needs them and shared by the
 * rest: a socket sends them as they are, or writes a {@link ByteBuf#duplicate() duplicate} where Netty
 * must keep them, which Netty may release and advance without touching the others.
 * <p>
 * The bytes are a whole WebSocket text message, headers included (a server's frames are not masked):
 * one frame, or several for a message over {@value #MAX_FRAME_PAYLOAD} bytes. They go past Netty's frame
 * encoder: nothing is encoded per socket. A frame sent that way is never
 * compressed, which permessage-deflate allows (RFC 7692, 6: a message without RSV1 is not compressed).
 */
final class Frame {

  /** The largest frame written: within the 65,536 bytes Vert.x's clients read by default, with a 16-bit length. */
  static final int MAX_FRAME_PAYLOAD = 65_535;

  /** Written for {@link #madeAt} by a frame that is not a delivery. */
  private static final long NOT_A_DELIVERY = Long.MIN_VALUE;

  private final String text;
  /** When a delivery was made on this node ({@link System#nanoTime()}), or {@link #NOT_A_DELIVERY}. */
  private final long madeAt;
  /** The text as a WebSocket message of the raw WebSocket endpoint; made on first use. */
  private volatile ByteBuf raw;
  /** The text as a SockJS array frame, {@code a["…"]}, in a WebSocket message; made on first use. */
  private volatile ByteBuf sockJs;

  /** A frame that is not a delivery: a reply, an error. It leaves as soon as its socket's event loop turns. */
  Frame(String text) {
    this(text, NOT_A_DELIVERY);
  }

  private Frame(String text, long madeAt) {
    this.text = text;
    this.madeAt = madeAt;
  }

  /**
   * A delivery, made now: an event for an address the client registered. To a socket sent deliveries
   * steadily, it may wait for others to share a write ({@link WebSocketWrites}).
   */
  static Frame delivery(String text) {
    return delivery(text, System.nanoTime());
  }

  /** A delivery made at {@code madeAt} ({@link System#nanoTime()}'s clock). */
  static Frame delivery(String text, long madeAt) {
    return new Frame(text, madeAt);
  }

  /** Whether the frame is a delivery, which may wait for others to share a write. */
  boolean isDelivery() {
    return madeAt != NOT_A_DELIVERY;
  }

  /** When the delivery was made on this node, on {@link System#nanoTime()}'s clock; only for a delivery. */
  long madeAt() {
    return madeAt;
  }

  /** The frame as the protocol spells it: a JSON object. */
  String text() {
    return text;
  }

  /**
   * The frame's WebSocket bytes, shared: write a {@link ByteBuf#duplicate()}. From any thread; two
   * threads may both encode it, and either result is right.
   *
   * @param sockJsFraming whether the socket speaks SockJS over the WebSocket, whose messages are arrays of frames
   */
  ByteBuf webSocket(boolean sockJsFraming) {
    ByteBuf bytes = sockJsFraming ? sockJs : raw;
    if (bytes == null) {
      bytes = textMessage(sockJsFraming ? "a" + JsonCodec.encode(new String[] {text}) : text);
      if (sockJsFraming) {
        sockJs = bytes;
      } else {
        raw = bytes;
      }
    }
    return bytes;
  }

  /**
   * One text message (RFC 6455, 5.2 and 5.4) holding {@code payload}, unmasked, in frames of at most
   * {@value #MAX_FRAME_PAYLOAD} bytes as Vert.x writes them: clients refuse a longer frame by default (the
   * largest room's presence list outgrows one). Its memory is a JDK direct buffer, which the socket writes
   * without a copy and the garbage collector frees; no release of a duplicate reaches it.
   */
  static ByteBuf textMessage(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    int frames = Math.max(1, (bytes.length + MAX_FRAME_PAYLOAD - 1) / MAX_FRAME_PAYLOAD);
    ByteBuffer message = ByteBuffer.allocateDirect(bytes.length + 4 * frames);
    int offset = 0;
    do {
      int length = Math.min(MAX_FRAME_PAYLOAD, bytes.length - offset);
      boolean last = offset + length == bytes.length;
      // FIN on the last frame; the first is a text frame, the others continue it
      message.put((byte) ((last ? 0x80 : 0) | (offset == 0 ? 0x1 : 0x0)));
      if (length < 126) {
        message.put((byte) length);
      } else {
        message.put((byte) 126).putShort((short) length);
      }
      message.put(bytes, offset, length);
      offset += length;
    } while (offset < bytes.length);
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(message.flip()));
  }
}
