package multinode.test;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import multinode.chat.ChatAddresses;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat user as the page in {@code webroot/} behaves: on the node's bridge WebSocket, in one room, pinging
 * every 2 s; when its node goes away it reconnects to the next node of its list and joins again with the
 * last sequence number and the epoch it saw, so the history fills the gap. When the node says the room's
 * history changed ({@code resync}, a message or a page of another epoch) it joins again, one join at a time,
 * and again 500 ms after a refused join; when the answer is a
 * {@code reset} (or more was missed than a join returns) it starts over and pages back through the whole
 * history, as a user scrolling up would. It keeps the ids of the messages it was shown, in the current
 * epoch.
 */
public final class ChatUser implements AutoCloseable {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String room;
  private final String nick;
  private final List<String> endpoints;
  private final Map<String, Promise<JsonObject>> replies = new ConcurrentHashMap<>();
  private final Set<String> ids = ConcurrentHashMap.newKeySet();
  private final ConcurrentSkipListSet<Long> seqs = new ConcurrentSkipListSet<>();
  private final AtomicInteger failovers = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final List<Long> latenciesMs = new CopyOnWriteArrayList<>();
  private volatile String epoch;
  private volatile String endpoint;
  private volatile WebSocket socket;
  private volatile boolean closed;
  /** The connection a join (with its paging back) is on its way over; another is due after it when {@link #joinAgain} is set. */
  private WebSocket joiningOn;
  private boolean joinAgain;

  /** A user of {@code endpoints.get(0)} ({@code host:port}), failing over to the next ones in turn. */
  public ChatUser(Vertx vertx, String room, String nick, List<String> endpoints) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient();
    this.room = room;
    this.nick = nick;
    this.endpoints = endpoints;
    this.endpoint = endpoints.get(0);
  }

  /** Connects and joins; completes once the node answered the join. */
  public Future<Void> start() {
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
    String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/eventbus/websocket"))
      .compose(ws -> {
        socket = ws;
        ws.textMessageHandler(text -> frame(new JsonObject(text)));
        ws.closeHandler(v -> failOver());
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", ChatAddresses.room(room)).encode());
        return join();
      });
  }

  /**
   * Joins (again) with what it has seen. As on the page, one join at a time per connection: a join asked
   * for while one is on its way is made after it, so that a reply read before the history changed can
   * never land after one read since.
   */
  private Future<Void> join() {
    WebSocket on = socket;
    synchronized (this) {
      if (joiningOn == on) {
        joinAgain = true;
        return Future.succeededFuture();
      }
      joiningOn = on;
    }
    JsonObject request = new JsonObject().put("type", "join").put("room", room).put("nick", nick);
    if (!seqs.isEmpty()) {
      request.put("lastSeq", seqs.last()).put("epoch", epoch);
    }
    Future<Void> join = request(request).compose(this::caughtUp);
    join.onComplete(done -> joined(on));
    return join;
  }

  /** The join over {@code on} is done: the one asked for meanwhile, if any, goes now. */
  private void joined(WebSocket on) {
    boolean again;
    synchronized (this) {
      if (joiningOn != on) {
        return;
      }
      joiningOn = null;
      again = joinAgain;
      joinAgain = false;
    }
    if (again && !closed && socket == on && !on.isClosed()) {
      rejoin();
    }
  }

  private Future<Void> caughtUp(JsonObject reply) {
    boolean startOver = reply.getBoolean("reset") || reply.getBoolean("truncated")
      || epoch != null && reply.getString("epoch") != null && !reply.getString("epoch").equals(epoch);
    if (startOver) {
      resets.incrementAndGet();
      ids.clear();
      seqs.clear();
    }
    if (reply.getString("epoch") != null) {
      epoch = reply.getString("epoch");
    }
    reply.getJsonArray("messages").forEach(m -> seen((JsonObject) m));
    return startOver && reply.getBoolean("more") ? pageBack(seqs.first()) : Future.succeededFuture();
  }

  /** Reads back from {@code before} to the oldest message kept; a page of another epoch means join again. */
  private Future<Void> pageBack(long before) {
    return request(new JsonObject().put("type", "history").put("room", room).put("before", before).put("limit", 200))
      .compose(page -> {
        if (!Objects.equals(page.getString("epoch"), epoch)) {
          synchronized (this) {
            joinAgain = true;
          }
          return Future.succeededFuture();
        }
        page.getJsonArray("messages").forEach(m -> seen((JsonObject) m));
        return page.getBoolean("more") && !seqs.isEmpty() ? pageBack(seqs.first()) : Future.succeededFuture();
      });
  }

  private Future<JsonObject> request(JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    replies.put(replyAddress, reply);
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", ChatAddresses.REQUESTS)
      .put("replyAddress", replyAddress).put("body", body).encode());
    return reply.future();
  }

  private void frame(JsonObject frame) {
    JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : null;
    Promise<JsonObject> reply = frame.getString("address") == null ? null : replies.remove(frame.getString("address"));
    if (reply != null) {
      if ("rec".equals(frame.getString("type")) && body != null) {
        reply.tryComplete(body);
      } else {
        reply.tryFail("refused: " + frame.encode());
      }
    } else if (body != null && "message".equals(body.getString("type"))) {
      if (epoch != null && !epoch.equals(body.getString("epoch"))) {
        rejoin();
        return;
      }
      epoch = body.getString("epoch");
      // live, not replayed: from the node's stamp to here (one machine, one clock)
      latenciesMs.add(System.currentTimeMillis() - Instant.parse(body.getString("ts")).toEpochMilli());
      seen(body);
    } else if (body != null && "resync".equals(body.getString("type"))) {
      rejoin();
    }
  }

  /**
   * Joins again on this connection, as the page does when the history changed under it: a refused join
   * (the history store unavailable for a moment, as while a healed partition merges) is tried again after
   * 500 ms, while the connection lasts; a closed connection fails over and joins there.
   */
  private void rejoin() {
    WebSocket on = socket;
    join().onFailure(e -> vertx.setTimer(500, t -> {
      if (!closed && socket == on && !on.isClosed()) {
        rejoin();
      }
    }));
  }

  private void seen(JsonObject message) {
    ids.add(message.getString("id"));
    seqs.add(message.getLong("seq"));
  }

  /** The node went away (or closed the socket): the next node of the list, until one answers. */
  private void failOver() {
    if (closed) {
      return;
    }
    failovers.incrementAndGet();
    replies.values().forEach(p -> p.tryFail("the connection closed"));
    replies.clear();
    endpoint = endpoints.get((endpoints.indexOf(endpoint) + 1) % endpoints.size());
    connect().onFailure(e -> vertx.setTimer(500, t -> failOver()));
  }

  /** The ids of every message of the room's current history this user was shown. */
  public Set<String> ids() {
    return ids;
  }

  /** How many times it started over (the room's history changed under it). */
  public int resets() {
    return resets.get();
  }

  /** The median time from a message's stamp on its node to its arrival here, live messages only. */
  public long medianLatencyMs() {
    List<Long> sorted = latenciesMs.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  /** Forgets the latencies measured so far. */
  public void resetLatencies() {
    latenciesMs.clear();
  }

  /** How many times it had to reconnect. */
  public int failovers() {
    return failovers.get();
  }

  /** Its nick, the epoch it is in, how many messages it was shown and how often it started over. */
  @Override
  public String toString() {
    return nick + " (epoch " + epoch + ", " + ids.size() + " shown, " + resets.get() + " resets)";
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
