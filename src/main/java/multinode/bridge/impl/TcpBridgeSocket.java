package multinode.bridge.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import multinode.Failures;
import multinode.bridge.BridgeFrame;
import multinode.bridge.BridgePermissions;
import multinode.chat.Chat;
import multinode.groups.GroupAddresses;
import multinode.pubsub.PubSub;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * One client of the TCP bridge, speaking the protocol of vertx-tcp-eventbus-bridge: each frame is a
 * 4-byte big-endian length and that many bytes of UTF-8 JSON; the client sends {@code ping},
 * {@code register}, {@code unregister}, {@code send} and {@code publish}; the node answers
 * {@code pong}, {@code message} and {@code err} frames.
 * <p>
 * What an address reaches is decided by {@link BridgePermissions}. A bad frame gets an {@code err} frame
 * with a snake_case code and the socket stays open, except a length that is negative or above the limit:
 * the stream cannot be trusted after it, so the socket is closed after the error. A client that stops
 * reading is closed once {@value #WRITE_QUEUE_BYTES} bytes wait for it.
 */
final class TcpBridgeSocket {

  /** Addresses one socket may register. */
  static final int MAX_REGISTRATIONS = 100;
  /** Bytes waiting to be written to a client before it counts as not reading. */
  static final int WRITE_QUEUE_BYTES = 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(TcpBridgeSocket.class);

  private final NetSocket socket;
  private final BridgePermissions permissions;
  private final PubSub pubSub;
  private final Chat chat;
  private final EventBus eventBus;
  private final int maxFrameBytes;
  private final Map<String, Future<Subscription>> registered = new HashMap<>();
  private final RecordParser parser;
  private final BridgeCounters counters;
  private boolean readingLength = true;
  private boolean closed;

  /**
   * @param counters the bridge's counts: this socket is in its clients until it closes
   */
  TcpBridgeSocket(NetSocket socket, BridgePermissions permissions, PubSub pubSub, Chat chat, EventBus eventBus,
                  int maxFrameBytes, BridgeCounters counters) {
    this.socket = socket;
    this.permissions = permissions;
    this.pubSub = pubSub;
    this.chat = chat;
    this.eventBus = eventBus;
    this.maxFrameBytes = maxFrameBytes;
    this.parser = RecordParser.newFixed(4, this::chunk);
    this.counters = counters;
  }

  void start() {
    counters.clients.incrementAndGet();
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    socket.handler(parser);
    socket.exceptionHandler(e -> log.debug("bridge client {} failed: {}", socket.remoteAddress(), e.toString()));
    socket.closeHandler(v -> closed());
  }

  private void chunk(Buffer chunk) {
    if (closed) {
      return;
    }
    if (readingLength) {
      int length = chunk.getInt(0);
      if (length < 0 || length > maxFrameBytes) {
        fail(length < 0 ? "invalid_frame_length" : "too_large");
      } else if (length == 0) {
        error("invalid_json");
      } else {
        readingLength = false;
        parser.fixedSizeMode(length);
      }
    } else {
      readingLength = true;
      parser.fixedSizeMode(4);
      frame(chunk);
    }
  }

  private void frame(Buffer data) {
    BridgeFrame frame;
    try {
      frame = BridgeFrame.parse(data);
    } catch (BridgeFrame.Malformed e) {
      error(e.code());
      return;
    }
    switch (frame.type()) {
      case PING -> write(new JsonObject().put("type", "pong"));
      case REGISTER -> register(frame.address(), frame.replyAddress());
      case UNREGISTER -> unregister(frame.address());
      case SEND -> deliver(frame.address(), frame.json(), frame.replyAddress());
      case PUBLISH -> deliver(frame.address(), frame.json(), null);
    }
  }

  /**
   * Subscribes the client to a room or topic. With a reply address (an addition to the stock protocol) the
   * client hears when the subscription is in place cluster-wide, so that what is published after reaches it.
   */
  private void register(String address, String replyAddress) {
    BridgePermissions.Kind kind = permissions.kind(address);
    Future<Subscription> subscribed = registered.get(address);
    if (kind != BridgePermissions.Kind.CHAT_ROOM && kind != BridgePermissions.Kind.TOPIC) {
      subscribed = Future.failedFuture(Failures.badRequest("access_denied"));
    } else if (subscribed == null && registered.size() >= MAX_REGISTRATIONS) {
      subscribed = Future.failedFuture(Failures.badRequest("max_handlers_reached"));
    } else if (subscribed == null) {
      // a chat room's address is its pubsub topic
      Future<Subscription> subscribing = pubSub.subscribe(address, message -> receive(address, message));
      registered.put(address, subscribing);
      subscribing.onFailure(e -> registered.remove(address, subscribing));
      subscribed = subscribing;
    }
    answer(subscribed.map(s -> new JsonObject().put("registered", address)), replyAddress);
  }

  private void unregister(String address) {
    Future<Subscription> subscribed = registered.remove(address);
    if (subscribed == null) {
      error("not_registered");
    } else {
      subscribed.onSuccess(pubSub::unsubscribe);
    }
  }

  /** A {@code send} (which may want a reply) or a {@code publish} from the client. */
  private void deliver(String address, JsonObject frame, String replyAddress) {
    Object body = frame.getValue("body");
    Future<?> result = switch (permissions.kind(address)) {
      case CHAT_ROOM -> body instanceof JsonObject json
        ? chat.post(BridgePermissions.room(address), json.getValue("from") instanceof String from ? from : "service",
          json.getValue("text") instanceof String text ? text : null)
        : Future.failedFuture(Failures.badRequest("invalid_body"));
      case TOPIC -> body instanceof JsonObject json ? pubSub.broadcast(address, json).map(v -> new JsonObject().put("ok", true))
        : Future.failedFuture(Failures.badRequest("invalid_body"));
      case GROUPS_API -> groups(body, replyAddress != null);
      case DENIED -> Future.failedFuture(Failures.badRequest("access_denied"));
    };
    answer(result, replyAddress);
  }

  /** The result to the reply address as a {@code message} or an {@code err}; without one, only a failure, as an {@code err}. */
  private void answer(Future<?> result, String replyAddress) {
    result.onComplete(ar -> {
      if (ar.succeeded() && replyAddress != null) {
        write(new JsonObject().put("type", "message").put("address", replyAddress).put("send", true)
          .put("body", ar.result() == null ? new JsonObject().put("ok", true) : ar.result()));
      } else if (ar.failed() && replyAddress != null) {
        write(new JsonObject().put("type", "err").put("address", replyAddress)
          .put("failureCode", ar.cause() instanceof ReplyException e ? e.failureCode() : -1)
          .put("failureType", "RECIPIENT_FAILURE").put("message", Failures.code(ar.cause())));
      } else if (ar.failed()) {
        error(Failures.code(ar.cause()));
      }
    });
  }

  private Future<?> groups(Object body, boolean wantsReply) {
    if (!(body instanceof JsonObject request)) {
      return Future.failedFuture(Failures.badRequest("invalid_body"));
    }
    if (!wantsReply) {
      eventBus.send(GroupAddresses.API, request);
      return Future.succeededFuture();
    }
    return eventBus.request(GroupAddresses.API, request).map(reply -> reply.body());
  }

  private void receive(String address, PubSubMessage message) {
    if (closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      log.info("bridge client {} stopped reading: {} bytes wait for it, closing it", socket.remoteAddress(),
        WRITE_QUEUE_BYTES);
      counters.slowConsumers.increment();
      closed();
      socket.close();
      return;
    }
    Object body = message.body() instanceof Buffer buffer ? buffer.toString() : message.body();
    write(new JsonObject().put("type", "message").put("address", address).put("send", false).put("body", body));
  }

  private void error(String code) {
    counters.rejected.increment();
    write(new JsonObject().put("type", "err").put("message", code));
  }

  /** An error after which the stream cannot be read on: tells the client, then closes. */
  private void fail(String code) {
    error(code);
    closed();
    socket.close();
  }

  private void write(JsonObject frame) {
    if (closed) {
      return;
    }
    byte[] json = frame.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    socket.write(Buffer.buffer(4 + json.length).appendInt(json.length).appendBytes(json));
  }

  private void closed() {
    if (closed) {
      return;
    }
    closed = true;
    counters.clients.decrementAndGet();
    registered.values().forEach(subscribed -> subscribed.onSuccess(pubSub::unsubscribe));
    registered.clear();
  }
}
