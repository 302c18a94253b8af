package multinode.bridge.impl;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import multinode.Token;
import multinode.bridge.BridgePermissions;
import multinode.chat.Chat;
import multinode.pubsub.PubSub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * One TCP bridge connection, in vertx-tcp-eventbus-bridge's framing: each frame is a 4-byte big-endian
 * length and that many bytes of UTF-8 JSON, both ways. A length that is negative or above the limit gets
 * {@code invalid_frame_length} or {@code too_large} and the connection is dropped, since the stream
 * cannot be read on after it; a zero length is {@code invalid_json}. When the bridge asks for a token, a
 * connection that has not sent it {@value #AUTH_TIMEOUT_MS} ms after it opened is dropped as
 * {@code unauthorized}.
 */
public final class TcpTransport implements BridgeSocket.Transport {

  /** Addresses one connection may register. */
  static final int MAX_REGISTRATIONS = 100;
  /** Characters of frames that may wait for a client before it counts as not reading. */
  static final long MAX_WAITING_CHARS = 1024 * 1024;
  /** How long a connection may take to authenticate, when the bridge asks for a token. */
  static final long AUTH_TIMEOUT_MS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

  private final NetSocket socket;
  private final int maxFrameBytes;
  private final RecordParser parser;
  private final BridgeSocket bridge;
  private final WaitingChars waiting = new WaitingChars();
  private boolean readingLength = true;

  private TcpTransport(NetSocket socket, int maxFrameBytes, BridgeSocket.Limits limits, BridgePermissions permissions,
                       Frames frames, BridgeCounters counters, Token token, Reach reach) {
    this.socket = socket;
    this.maxFrameBytes = maxFrameBytes;
    this.parser = RecordParser.newFixed(4, this::chunk);
    this.bridge = new BridgeSocket(this, permissions, limits, frames, counters, token,
      deliver -> new ServiceEndpoints(reach, deliver));
  }

  /**
   * Serves a connection the TCP bridge accepted; call on its context.
   *
   * @param token what the client must send in an {@code auth} frame before anything else; null for nothing
   */
  public static void serve(NetSocket socket, int maxFrameBytes, BridgePermissions permissions, Frames frames,
                           BridgeCounters counters, Token token, Reach reach) {
    BridgeSocket.Limits limits = new BridgeSocket.Limits(maxFrameBytes, MAX_REGISTRATIONS, MAX_WAITING_CHARS);
    TcpTransport transport = new TcpTransport(socket, maxFrameBytes, limits, permissions, frames, counters, token, reach);
    if (token != null) {
      Vertx.currentContext().owner().setTimer(AUTH_TIMEOUT_MS, t -> transport.bridge.requireAuthenticated());
    }
    socket.handler(transport.parser);
    socket.exceptionHandler(e -> log.debug("bridge client {} failed: {}", socket.remoteAddress(), e.toString()));
    socket.closeHandler(v -> transport.bridge.closed());
  }

  @Override
  public void write(Frame frame) {
    byte[] json = frame.text().getBytes(StandardCharsets.UTF_8);
    waiting.write(frame, () -> socket.write(Buffer.buffer(4 + json.length).appendInt(json.length).appendBytes(json)));
  }

  @Override
  public long waiting() {
    return waiting.chars();
  }

  @Override
  public void drop(String reason) {
    socket.close();
  }

  @Override
  public String remote() {
    return String.valueOf(socket.remoteAddress());
  }

  private void chunk(Buffer chunk) {
    if (readingLength) {
      int length = chunk.getInt(0);
      if (length < 0 || length > maxFrameBytes) {
        bridge.fail(length < 0 ? "invalid_frame_length" : "too_large");
      } else if (length == 0) {
        bridge.error("invalid_json");
      } else {
        readingLength = false;
        parser.fixedSizeMode(length);
      }
    } else {
      readingLength = true;
      parser.fixedSizeMode(4);
      bridge.frame(chunk);
    }
  }
}
