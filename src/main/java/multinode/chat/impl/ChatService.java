package multinode.chat.impl;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import multinode.chat.Chat;
import multinode.chat.ChatAddresses;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;
import multinode.chat.ChatRules;
import multinode.chat.ChatSession;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;
import multinode.pubsub.Subscription;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * {@link Chat} over pubsub (room messages, presence changes), the {@link RoomLog} (history and sequence
 * numbers) and the {@link PresenceTracker}. All state lives on the chat's context; requests hop there.
 */
public final class ChatService implements Chat {

  /** Presence changes of a room within this many ms reach its sockets as one {@code presence_diff}. */
  static final long DIFF_BATCH_MS = 50;

  private final Vertx vertx;
  private final Context context;
  private final Nodes nodes;
  private final PubSub pubSub;
  private final RoomLog log;
  private final PresenceTracker presence;
  private final Map<String, Set<Session>> local = new HashMap<>();
  /** Per room, the last append this node started: the next one waits for it. */
  private final Map<String, Future<JsonObject>> appending = new HashMap<>();
  private final Map<String, PresenceDiff> pendingDiffs = new HashMap<>();
  /** Per room with local sockets, this node's one subscription to the room's topic. */
  private final Map<String, Future<Subscription>> subscriptions = new HashMap<>();

  /** Call from the owning verticle's context. */
  public ChatService(Vertx vertx, Nodes nodes, PubSub pubSub) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.nodes = nodes;
    this.pubSub = pubSub;
    this.log = nodes.clustered() ? new HazelcastRoomLog(hazelcast(vertx), context) : new LocalRoomLog();
    this.presence = new PresenceTracker(vertx, nodes, pubSub, this::presenceChanged);
  }

  public Future<Void> start() {
    return presence.start();
  }

  public Future<Void> stop() {
    return presence.stop();
  }

  /** A node came up, or back after a partition: presences are exchanged with it. */
  public void nodeUp(String name) {
    presence.nodeUp(name);
  }

  /** The node went down: its sockets leave every room here. */
  public void nodeDown(String nodeId) {
    presence.nodeDown(nodeId);
  }

  @Override
  public ChatSession open(BiConsumer<String, JsonObject> deliver) {
    return new Session(this, UUID.randomUUID().toString().substring(0, 13), deliver);
  }

  @Override
  public Future<JsonObject> post(String room, String from, String text) {
    return onContext(() -> append(ChatRules.room(room), ChatRules.nickname(from), ChatRules.text(text), true));
  }

  @Override
  public Set<String> rooms() {
    return presence.rooms();
  }

  @Override
  public JsonObject presence(String room) {
    return presence.state(room);
  }

  /** Runs the action on the chat's context. */
  <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(promise);
      } catch (ChatException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /**
   * Adds the session to the room's local sockets, announces it, and sends it the room's presence. The
   * node subscribes to a room's topic once, for its first socket there, and hands each message to its
   * sockets itself.
   */
  Future<Void> enter(Session session, String room, String nick) {
    Future<Subscription> subscribed = subscriptions.computeIfAbsent(room, r -> {
      String address = ChatAddresses.room(r);
      return pubSub.subscribe(address, message -> {
        JsonObject event = message.json();
        local.getOrDefault(r, Set.of()).forEach(s -> s.deliver(address, event));
      });
    });
    subscribed.onFailure(e -> subscriptions.remove(room, subscribed));
    return subscribed.compose(subscription -> {
      if (subscriptions.get(room) != subscribed) {
        // the room's last socket left while this one waited, and took the subscription with it
        return enter(session, room, nick);
      }
      session.entered(room, nick);
      // tracked first: the others get a diff with this socket in it, this socket gets the whole state
      presence.track(room, session.id(), nick);
      local.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(session);
      session.deliver(ChatAddresses.room(room), Presences.state(room, presence.state(room)));
      return Future.succeededFuture();
    });
  }

  /** Removes the session from the room, announces it left, and drops the subscription after the last one. */
  void exit(Session session, String room) {
    Set<Session> sessions = local.get(room);
    if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
      local.remove(room);
      Future<Subscription> subscribed = subscriptions.remove(room);
      if (subscribed != null) {
        subscribed.onSuccess(Subscription::unsubscribe);
      }
    }
    presence.untrack(room, session.id());
  }

  Future<JsonObject> history(String room, Long lastSeq) {
    return log.since(room, lastSeq).recover(ChatService::unavailable);
  }

  /**
   * Stamps, keeps and broadcasts a message. Appends to one room through this node run one after the
   * other: concurrent ones could be numbered out of order (an operation retried while the cluster
   * migrates a partition overtakes a later one), and one sender's messages must keep their order.
   */
  Future<JsonObject> append(String room, String from, String text, boolean system) {
    JsonObject draft = new JsonObject().put("type", "message").put("id", UUID.randomUUID().toString())
      .put("room", room).put("ts", Instant.now().toString()).put("from", from).put("node", nodes.self().name())
      .put("text", text);
    if (system) {
      draft.put("system", true);
    }
    Future<JsonObject> previous = appending.getOrDefault(room, Future.succeededFuture());
    Future<JsonObject> appended = previous.transform(ignored -> log.append(room, draft)).recover(ChatService::unavailable);
    appending.put(room, appended);
    appended.onComplete(ar -> appending.remove(room, appended));
    return appended.compose(message -> pubSub.broadcast(ChatAddresses.room(room), message)
      .map(v -> new JsonObject().put("id", message.getString("id")).put("seq", message.getLong("seq"))));
  }

  String nodeName() {
    return nodes.self().name();
  }

  /**
   * Collects a room's presence changes for {@value #DIFF_BATCH_MS} ms, then sends them to its sockets as
   * one diff: every change goes to every socket of the room, so when many join at once, one diff per
   * join would cost the square of their number in frames.
   */
  private void presenceChanged(String room, List<PresenceTracker.Presence> joins, List<PresenceTracker.Presence> leaves) {
    PresenceDiff pending = pendingDiffs.get(room);
    if (pending == null) {
      pending = new PresenceDiff();
      pendingDiffs.put(room, pending);
      vertx.setTimer(DIFF_BATCH_MS, t -> {
        PresenceDiff diff = pendingDiffs.remove(room);
        JsonObject event = Presences.diff(room, diff.joins().values(), diff.leaves().values());
        String address = ChatAddresses.room(room);
        local.getOrDefault(room, Set.of()).forEach(session -> session.deliver(address, event));
      });
    }
    pending.add(joins, leaves);
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(failure instanceof ChatException ? failure
      : new ChatException(ChatFailure.UNAVAILABLE, "the room history cannot be reached: " + failure.getMessage()));
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
  }
}
