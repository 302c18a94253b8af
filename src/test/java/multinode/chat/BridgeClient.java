package multinode.chat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import multinode.test.Poll;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static multinode.test.ClusterNodes.await;

/**
 * A test client on a node's raw bridge WebSocket ({@code /eventbus/websocket}): plain JSON frames, as the
 * official client sends them over SockJS.
 */
final class BridgeClient implements AutoCloseable {

  // held for as long as the socket: Vert.x closes a client that is no longer referenced, and its sockets
  private final WebSocketClient client;
  private final WebSocket socket;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();

  private BridgeClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> received.add(new JsonObject(text)));
  }

  static BridgeClient connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = await(client.connect(new WebSocketConnectOptions()
      .setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket")));
    return new BridgeClient(client, socket);
  }

  /** Sends a raw text frame. */
  void raw(String text) {
    await(socket.writeTextMessage(text));
  }

  /** Sends a text frame of these bytes as they are, well-formed UTF-8 or not. */
  void rawBytes(byte[] bytes) {
    await(socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true)));
  }

  /** The status code of the node's close frame, once closed (null before). */
  Short closeStatus() {
    return socket.closeStatusCode();
  }

  void register(String room) {
    raw(new JsonObject().put("type", "register").put("address", ChatAddresses.room(room)).encode());
  }

  /** Sends a chat request and waits for its reply frame ({@code rec} or {@code err}). */
  JsonObject request(JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    raw(new JsonObject().put("type", "send").put("address", ChatAddresses.REQUESTS).put("body", body)
      .put("replyAddress", replyAddress).encode());
    return awaitFrame(f -> replyAddress.equals(f.getString("address")), "the reply to " + body.encode());
  }

  /** The first frame received so far, or arriving within 10 s, that matches. */
  JsonObject awaitFrame(Predicate<JsonObject> match, String what) {
    return awaitFrame(match, what, Duration.ofSeconds(10));
  }

  JsonObject awaitFrame(Predicate<JsonObject> match, String what, Duration deadline) {
    Poll.until(deadline, what, () -> received.stream().anyMatch(match));
    return received.stream().filter(match).findFirst().orElseThrow();
  }

  /** Pings as the official client does, so that the node keeps the socket open past its idle timeout. */
  void keepAlive(Vertx vertx) {
    vertx.setPeriodic(2000, id -> {
      if (socket.isClosed()) {
        vertx.cancelTimer(id);
      } else {
        socket.writeTextMessage("{\"type\":\"ping\"}");
      }
    });
  }

  /** Every frame received so far that matches. */
  List<JsonObject> all(Predicate<JsonObject> match) {
    return received.stream().filter(match).toList();
  }

  /** Room events received so far of that type ({@code message}, {@code presence_state}, {@code presence_diff}). */
  List<JsonObject> events(String type) {
    return received.stream().filter(f -> "rec".equals(f.getString("type")) && f.getValue("body") instanceof JsonObject b
      && type.equals(b.getString("type"))).map(f -> f.getJsonObject("body")).toList();
  }

  boolean closed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      // a socket whose node crashed may never finish the close handshake: closing the client ends it
      await(socket.close().timeout(2, TimeUnit.SECONDS).otherwiseEmpty());
    }
    await(client.close());
  }

  static JsonObject join(String room, String nick) {
    return new JsonObject().put("type", "join").put("room", room).put("nick", nick);
  }

  static JsonObject say(String room, String text) {
    return new JsonObject().put("type", "say").put("room", room).put("text", text);
  }

  /** The error code of an {@code err} reply, or null for a {@code rec}. */
  static String errorCode(JsonObject reply) {
    return "err".equals(reply.getString("type")) ? reply.getString("message") : null;
  }
}
