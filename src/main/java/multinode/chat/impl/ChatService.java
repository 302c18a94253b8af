package multinode.chat.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.chat.Chat;
import multinode.chat.ChatAddresses;
import multinode.chat.ChatException;
import multinode.chat.ChatRules;
import multinode.chat.ChatSession;
import multinode.chat.history.RoomLog;
import multinode.node.NodeInfo;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;
import multinode.pubsub.Subscription;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link Chat} over pubsub (room messages, presence changes), the {@link RoomLog} (history and sequence
 * numbers) and the {@link PresenceTracker}. All state lives on the chat's context; requests hop there.
 */
public final class ChatService implements Chat {

  /** Presence changes of a room within this many ms reach its sockets as one {@code presence_diff}. */
  static final long DIFF_BATCH_MS = 50;
  /** How often the node compares each of its rooms with the store, to catch what never arrived. */
  static final long HEAD_CHECK_MS = 10_000;
  /** After a node comes (back) up, when the rooms are compared: a heal's merge lands within seconds. */
  private static final List<Long> CHECKS_AFTER_NODE_UP_MS = List.of(1_000L, 2_000L, 4_000L, 8_000L);

  private final Vertx vertx;
  private final Context context;
  private final Nodes nodes;
  private final PubSub pubSub;
  private final RoomLog log;
  private final Appends appends;
  private final RoomHeads heads = new RoomHeads();
  private final PresenceTracker presence;
  private final Map<String, Set<Session>> local = new HashMap<>();
  private final Map<String, PresenceDiff> pendingDiffs = new HashMap<>();
  /** Per room with local sockets, this node's one subscription to the room's topic. */
  private final Map<String, Future<Subscription>> subscriptions = new HashMap<>();
  private long headChecks = -1;

  /** Call from the owning verticle's context, which is the store's too. */
  public ChatService(Vertx vertx, Nodes nodes, PubSub pubSub, RoomLog log) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.nodes = nodes;
    this.pubSub = pubSub;
    this.log = log;
    this.appends = new Appends(log);
    this.presence = new PresenceTracker(vertx, nodes, pubSub, this::presenceChanged);
  }

  public Future<Void> start() {
    return log.start().compose(v -> presence.start()).onSuccess(v ->
      headChecks = vertx.setPeriodic(HEAD_CHECK_MS, t -> checkHeads()));
  }

  public Future<Void> stop() {
    vertx.cancelTimer(headChecks);
    return presence.stop().eventually(log::stop);
  }

  /** A node came up, or back after a partition: presences are exchanged with it, and the rooms compared with the store. */
  public void nodeUp(String name) {
    presence.nodeUp(name);
    CHECKS_AFTER_NODE_UP_MS.forEach(ms -> vertx.setTimer(ms, t -> checkHeads()));
  }

  /** The node went down: its sockets leave every room here. */
  public void nodeDown(String nodeId) {
    presence.nodeDown(nodeId);
  }

  @Override
  public ChatSession open(BiConsumer<? super String, ? super JsonObject> deliver) {
    return new Session(this, UUID.randomUUID().toString().substring(0, 13), deliver);
  }

  @Override
  public Future<JsonObject> post(String room, String from, String text) {
    return onContext(() -> append(ChatRules.room(room), ChatRules.nickname(from), ChatRules.text(text), Author.SYSTEM));
  }

  @Override
  public Future<JsonObject> postAsService(String room, String from, String text) {
    return onContext(() -> append(ChatRules.room(room), ChatRules.serviceName(from), ChatRules.text(text), Author.SERVICE));
  }

  @Override
  public Future<JsonObject> history(String room, Long before, int limit) {
    return onContext(() -> page(ChatRules.room(room), before, limit));
  }

  @Override
  public Set<String> rooms() {
    return presence.rooms();
  }

  @Override
  public JsonObject presence(String room) {
    return presence.state(room);
  }

  @Override
  public String historyStore() {
    return log.name();
  }

  @Override
  public boolean historyAvailable() {
    return log.available();
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
   * node subscribes to a room's topic once, for its first socket there, and hands each event to its
   * sockets itself.
   */
  Future<Void> enter(Session session, String room, String nick) {
    Future<Subscription> subscribed = subscriptions.computeIfAbsent(room, r -> {
      String address = ChatAddresses.room(r);
      return pubSub.subscribe(address, message -> {
        JsonObject event = message.json();
        if ("message".equals(event.getString("type")) && heads.seen(r, event.getString("epoch"), event.getLong("seq", 0L))) {
          resync(r, event.getString("epoch"));
        }
        deliver(r, address, event);
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
      heads.forget(room);
      Future<Subscription> subscribed = subscriptions.remove(room);
      if (subscribed != null) {
        subscribed.onSuccess(Subscription::unsubscribe);
      }
    }
    presence.untrack(room, session.id());
  }

  /** What a joining socket gets from the history (see {@link Catchup}). */
  Future<JsonObject> catchUp(String room, Long lastSeq, String epoch) {
    return Catchup.join(log, room, lastSeq, epoch).onSuccess(reply -> {
      if (local.containsKey(room) && heads.seen(room, reply.getString("epoch"), reply.getLong("lastSeq"))) {
        resync(room, reply.getString("epoch"));
      }
    });
  }

  /** Paging back through a room whose name was checked. */
  Future<JsonObject> page(String room, Long before, int limit) {
    return Catchup.page(log, room, before, limit);
  }

  /** Who a message is from, as the page shows it: a member, the operators' notice, or another service. */
  enum Author { MEMBER, SYSTEM, SERVICE }

  /**
   * Stamps, keeps and broadcasts a message: kept first, so that nothing is sent that the history does
   * not have. Appends to one room through this node are batched one batch at a time ({@link Appends}).
   */
  Future<JsonObject> append(String room, String from, String text, Author author) {
    JsonObject draft = new JsonObject().put("type", "message").put("id", UUID.randomUUID().toString())
      .put("room", room).put("ts", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()).put("from", from)
      .put("node", nodes.self().name()).put("text", text);
    switch (author) {
      case SYSTEM -> draft.put("system", true);
      case SERVICE -> draft.put("service", true);
      case MEMBER -> {
      }
    }
    return appends.add(room, draft).compose(message -> pubSub.broadcast(ChatAddresses.room(room), message)
      .map(v -> new JsonObject().put("id", message.getString("id")).put("seq", message.getLong("seq"))
        .put("epoch", message.getString("epoch"))));
  }

  String nodeName() {
    return nodes.self().name();
  }

  /**
   * The HTTP URLs a page can fail over to, this node's first: what it learns through the bridge from
   * whichever node it reaches (another node's API is of another origin, which the browser would block).
   * Nodes whose URL is not known (listening on every interface without {@code http.publicUrl}) are left out.
   */
  JsonArray nodeUrls() {
    JsonArray urls = new JsonArray();
    Stream.concat(Stream.of(nodes.self()), nodes.list().stream()).map(NodeInfo::httpUrl).filter(Objects::nonNull)
      .distinct().forEach(urls::add);
    return urls;
  }

  /** Compares each room this node has sockets in with the store; sockets that missed something resynchronise. */
  private void checkHeads() {
    for (String room : List.copyOf(local.keySet())) {
      // no message is numbered below 1: the slice is the room's bounds alone
      log.read(room, 0, 1, 1).onSuccess(head -> {
        if (local.containsKey(room) && heads.check(room, head.epoch(), head.lastSeq())) {
          resync(room, head.epoch());
        }
      });
    }
  }

  /** Tells the room's sockets here to join again with what they saw: the history changed under them. */
  private void resync(String room, String epoch) {
    deliver(room, ChatAddresses.room(room), new JsonObject().put("type", "resync").put("room", room).put("epoch", epoch));
  }

  private void deliver(String room, String address, JsonObject event) {
    local.getOrDefault(room, Set.of()).forEach(session -> session.deliver(address, event));
  }

  /**
   * Collects a room's presence changes for {@value #DIFF_BATCH_MS} ms, then sends them to its sockets as
   * one diff: every change goes to every socket of the room, so when many join at once, one diff per
   * join would cost the square of their number in frames.
   */
  private void presenceChanged(String room, List<Presence> joins, List<Presence> leaves) {
    PresenceDiff pending = pendingDiffs.get(room);
    if (pending == null) {
      pending = new PresenceDiff();
      pendingDiffs.put(room, pending);
      vertx.setTimer(DIFF_BATCH_MS, t -> {
        PresenceDiff diff = pendingDiffs.remove(room);
        deliver(room, ChatAddresses.room(room), Presences.diff(room, diff.joins().values(), diff.leaves().values()));
      });
    }
    pending.add(joins, leaves);
  }
}
