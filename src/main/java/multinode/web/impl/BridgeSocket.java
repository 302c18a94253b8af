package multinode.web.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import multinode.Failures;
import multinode.bridge.BridgeFrame;
import multinode.chat.Chat;
import multinode.chat.ChatAddresses;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;
import multinode.chat.ChatRules;
import multinode.chat.ChatSession;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser on the SockJS bridge, speaking the Vert.x event-bus bridge protocol (what the official
 * {@code @vertx/eventbus-bridge-client.js} sends): {@code ping}, {@code register}, {@code unregister},
 * {@code send}, {@code publish}; the node answers {@code rec} and {@code err} frames.
 * <p>
 * Deny by default: a browser may send only to {@link ChatAddresses#REQUESTS} and register only on room
 * addresses ({@link ChatAddresses}). Every refusal is an {@code err} frame with a snake_case code and
 * the socket stays open. A socket that sends nothing (the client pings every 5 s) for
 * {@value ChatBridge#IDLE_TIMEOUT_MS} ms is closed by the bridge's sweep and leaves its rooms.
 * <p>
 * Outbound is bounded: a frame counts as waiting from {@code write} until the connection has handed it
 * to the kernel. A client that stops reading lets frames pile up; past
 * {@value ChatBridge#MAX_WAITING_CHARS} characters waiting, the socket is closed with the reason
 * {@code slow_consumer} and its TCP connection is dropped at once (a polite close frame would wait
 * behind everything queued, for ever).
 */
final class BridgeSocket {

  private static final Logger log = LoggerFactory.getLogger(BridgeSocket.class);

  private final SockJSSocket socket;
  private final ChatSession session;
  private final RecFrames frames;
  private final Set<String> registered = new HashSet<>();
  private final ChatBridge bridge;
  private volatile long lastFrame = System.currentTimeMillis();
  /** Characters written and not yet handed to the kernel; deliveries come from the chat's context. */
  private final AtomicLong waiting = new AtomicLong();
  private volatile boolean dropped;

  /**
   * @param bridge the bridge: this socket is in its open sockets until it closes, and counts there
   */
  BridgeSocket(SockJSSocket socket, Chat chat, RecFrames frames, ChatBridge bridge) {
    this.socket = socket;
    this.bridge = bridge;
    this.frames = frames;
    this.session = chat.open(this::deliver);
  }

  void start() {
    socket.handler(this::frame);
    socket.exceptionHandler(e -> log.debug("socket {} failed: {}", session.id(), e.toString()));
    socket.endHandler(v -> closed());
    bridge.open.add(this);
  }

  /** Closes the socket if it sent nothing for {@value ChatBridge#IDLE_TIMEOUT_MS} ms; it then leaves its rooms. */
  void closeIfIdle(long now) {
    if (now - lastFrame > ChatBridge.IDLE_TIMEOUT_MS) {
      log.debug("socket {} idle, closing it", session.id());
      socket.close();
    }
  }

  private void frame(Buffer data) {
    lastFrame = System.currentTimeMillis();
    if (data.length() > ChatBridge.MAX_FRAME_BYTES) {
      error("too_large");
      return;
    }
    BridgeFrame frame;
    try {
      frame = BridgeFrame.parse(data);
    } catch (BridgeFrame.Malformed e) {
      error(e.code());
      return;
    }
    switch (frame.type()) {
      case PING -> { }
      case REGISTER -> register(frame.address());
      case UNREGISTER -> unregister(frame.address());
      case SEND -> send(frame.address(), frame);
      // nothing a browser may publish to: chat messages go through requests, so the node can stamp them
      case PUBLISH -> error("access_denied");
    }
  }

  private void register(String address) {
    if (!ChatAddresses.outboundPermitted(address)) {
      error("access_denied");
    } else if (!registered.contains(address) && registered.size() >= ChatBridge.MAX_HANDLERS) {
      error("max_handlers_reached");
    } else {
      registered.add(address);
    }
  }

  private void unregister(String address) {
    if (!registered.remove(address)) {
      error("access_denied");
    }
  }

  private void send(String address, BridgeFrame frame) {
    if (!ChatAddresses.inboundPermitted(address)) {
      error("access_denied");
      return;
    }
    String replyAddress = frame.replyAddress();
    Object body = frame.json().getValue("body");
    Future<?> result = body instanceof JsonObject request ? request(request)
      : Future.failedFuture(new ChatException(ChatFailure.INVALID_REQUEST, "the body must be a JSON object"));
    result.onComplete(ar -> {
      if (replyAddress == null) {
        return;
      }
      if (ar.succeeded()) {
        write(new JsonObject().put("type", "rec").put("address", replyAddress)
          .put("body", ar.result() == null ? new JsonObject().put("ok", true) : ar.result()));
      } else {
        write(new JsonObject().put("type", "err").put("address", replyAddress).put("failureCode", -1)
          .put("failureType", "RECIPIENT_FAILURE").put("message", Failures.code(ar.cause())));
      }
    });
  }

  /**
   * One chat request: {@code {"type":"join","room","nick","lastSeq"?,"epoch"?}}, {@code leave}, {@code say},
   * {@code {"type":"history","room","before"?,"limit"?}}.
   */
  private Future<?> request(JsonObject request) {
    try {
      return switch (String.valueOf(request.getValue("type"))) {
        case "join" -> session.join(text(request, "room"), text(request, "nick"), ChatRules.lastSeq(request),
          ChatRules.epoch(request.getValue("epoch")));
        case "leave" -> session.leave(text(request, "room"));
        case "say" -> session.say(text(request, "room"), text(request, "text"));
        case "history" -> session.history(text(request, "room"), ChatRules.before(request.getValue("before")),
          ChatRules.limit(request.getValue("limit")));
        default -> Future.failedFuture(new ChatException(ChatFailure.INVALID_REQUEST,
          "type must be join, leave, say or history"));
      };
    } catch (ChatException e) {
      return Future.failedFuture(e);
    }
  }

  private static String text(JsonObject request, String key) {
    return request.getValue(key) instanceof String s ? s : null;
  }

  /** A room event: passed on if this socket registered the room's address. */
  private void deliver(String address, JsonObject event) {
    if (registered.contains(address)) {
      write(frames.frame(address, event));
    }
  }

  private void error(String code) {
    bridge.rejected.increment();
    write(new JsonObject().put("type", "err").put("body", code));
  }

  private void write(JsonObject frame) {
    write(frame.encode());
  }

  private void write(String frame) {
    if (dropped) {
      return;
    }
    int size = frame.length();
    if (waiting.addAndGet(size) > ChatBridge.MAX_WAITING_CHARS) {
      drop();
      return;
    }
    socket.write(frame).onComplete(ar -> waiting.addAndGet(-size));
  }

  /** Closes a socket whose client stopped reading, freeing what waits for it. */
  private void drop() {
    dropped = true;
    bridge.slowConsumers.increment();
    log.warn("chat socket {} from {} closed: slow_consumer (over {} characters wait for a client that does not read)",
      session.id(), socket.remoteAddress(), ChatBridge.MAX_WAITING_CHARS);
    socket.close(1008, "slow_consumer");
    // the close frame queues behind what the client does not read: drop the connection itself
    HttpConnection connection = socket.routingContext().request().connection();
    if (connection instanceof HttpServerConnection server) {
      server.channelHandlerContext().channel().close();
    }
    closed();
  }

  /** The socket ended, or was dropped: it leaves its rooms (once). */
  private void closed() {
    if (bridge.open.remove(this)) {
      session.close();
    }
  }
}
