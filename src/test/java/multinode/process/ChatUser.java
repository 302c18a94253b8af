package multinode.process;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import multinode.chat.ChatAddresses;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat user as the page in {@code webroot/} behaves: on the node's bridge WebSocket, in one room, pinging
 * every 2 s; when its node goes away it reconnects to the next node of its list and joins again with the
 * last sequence number it saw, so the history fills the gap. It keeps every message's sequence number.
 */
final class ChatUser implements AutoCloseable {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String room;
  private final String nick;
  private final List<String> endpoints;
  private final ConcurrentSkipListSet<Long> seqs = new ConcurrentSkipListSet<>();
  private final AtomicInteger failovers = new AtomicInteger();
  private final List<Long> latenciesMs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile String endpoint;
  private volatile WebSocket socket;
  private volatile boolean closed;

  /** A user of {@code endpoints.get(0)} ({@code host:port}), failing over to the next ones in turn. */
  ChatUser(Vertx vertx, String room, String nick, List<String> endpoints) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient();
    this.room = room;
    this.nick = nick;
    this.endpoints = endpoints;
    this.endpoint = endpoints.get(0);
  }

  /** Connects and joins; completes once the node answered the join. */
  Future<Void> start() {
    vertx.setPeriodic(2000, id -> {
      if (closed) {
        vertx.cancelTimer(id);
      } else if (socket != null && !socket.isClosed()) {
        socket.writeTextMessage("{\"type\":\"ping\"}");
      }
    });
    return connect();
  }

  private Future<Void> connect() {
    String replyAddress = UUID.randomUUID().toString();
    String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/eventbus/websocket"))
      .compose(ws -> {
        socket = ws;
        var joined = io.vertx.core.Promise.<Void>promise();
        ws.textMessageHandler(text -> frame(new JsonObject(text), replyAddress, joined));
        ws.closeHandler(v -> failOver());
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", ChatAddresses.room(room)).encode());
        JsonObject join = new JsonObject().put("type", "join").put("room", room).put("nick", nick);
        if (!seqs.isEmpty()) {
          join.put("lastSeq", seqs.last());
        }
        ws.writeTextMessage(new JsonObject().put("type", "send").put("address", ChatAddresses.REQUESTS)
          .put("replyAddress", replyAddress).put("body", join).encode());
        return joined.future();
      });
  }

  private void frame(JsonObject frame, String joinReply, io.vertx.core.Promise<Void> joined) {
    JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : null;
    if (joinReply.equals(frame.getString("address"))) {
      if ("rec".equals(frame.getString("type")) && body != null) {
        body.getJsonArray("messages").forEach(m -> seen((JsonObject) m));
        joined.tryComplete();
      } else {
        joined.tryFail("join refused: " + frame.encode());
      }
    } else if (body != null && "message".equals(body.getString("type"))) {
      // live, not replayed: from the node's stamp to here (one machine, one clock)
      latenciesMs.add(System.currentTimeMillis() - java.time.Instant.parse(body.getString("ts")).toEpochMilli());
      seen(body);
    }
  }

  private void seen(JsonObject message) {
    seqs.add(message.getLong("seq"));
  }

  /** The node went away (or closed the socket): the next node of the list, until one answers. */
  private void failOver() {
    if (closed) {
      return;
    }
    failovers.incrementAndGet();
    endpoint = endpoints.get((endpoints.indexOf(endpoint) + 1) % endpoints.size());
    connect().onFailure(e -> vertx.setTimer(500, t -> failOver()));
  }

  /** The sequence numbers of every message this user was shown. */
  Set<Long> seqs() {
    return seqs;
  }

  /** The median time from a message's stamp on its node to its arrival here, live messages only. */
  long medianLatencyMs() {
    List<Long> sorted = latenciesMs.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  /** Forgets the latencies measured so far. */
  void resetLatencies() {
    latenciesMs.clear();
  }

  /** How many times it had to reconnect. */
  int failovers() {
    return failovers.get();
  }

  @Override
  public void close() {
    closed = true;
    if (socket != null) {
      socket.close();
    }
    client.close();
  }
}
