package multinode.chat.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Protocol;
import multinode.chat.ChatAddresses;
import multinode.node.NodeInfo;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.Subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is in which room, on every node: a replica of all presences, fed by the presence topic.
 * <p>
 * Each node owns the presences of its own sockets and announces their changes as pubsub messages
 * ({@code diff}); nothing is written to a clustered map, so a socket joining costs one message per
 * node. A node that starts asks the others for their presences ({@code sync_request}, answered by a
 * {@code state} sent to it alone). Every {@value #RESYNC_MS} ms each node announces a digest of its own
 * presences (count and an order-free hash); a node whose replica of them differs asks that node for its
 * state, so a lost message heals without every node resending every presence. The presences of a node
 * that goes down are dropped on every survivor.
 * <p>
 * Which nodes count: in a cluster, the cluster's view decides. Messages from a node not (or no longer)
 * in it are ignored, so a late message never brings a dead node's sockets back. Nodes that share rooms
 * without a cluster (through the Redis adapter) know each other only by these messages, as Phoenix's
 * tracker does: a node is present while it is heard, its digest every {@value #PEER_DIGEST_MS} ms being
 * its heartbeat; one silent for {@value #PEER_SILENCE_MS} ms is dropped with its presences, and one that
 * stops says {@code bye}. Every message carries the presence protocol's version; one of another (a node
 * of another release) is ignored. Runs on the chat's context.
 */
final class PresenceTracker {

  static final Protocol PROTOCOL = new Protocol("presence", 1);

  static final long RESYNC_MS = 10_000;
  static final long NODE_UP_REPEAT_MS = 2_000;
  /** Without a cluster: how often a node announces its digest, which is its heartbeat too. */
  static final long PEER_DIGEST_MS = 2_000;
  /** Without a cluster: how long a node may be silent before its presences are dropped. */
  static final long PEER_SILENCE_MS = 10_000;

  /** A node heard without a cluster: its name, and when it was last heard. */
  private record Peer(String name, long heardMs) {
  }

  /** One socket in one room. */
  record Presence(String ref, String nick, String node, String nodeId) {

    JsonObject toJson() {
      return new JsonObject().put("ref", ref).put("nick", nick).put("node", node).put("nodeId", nodeId);
    }

    static Presence fromJson(JsonObject json) {
      return new Presence(json.getString("ref"), json.getString("nick"), json.getString("node"), json.getString("nodeId"));
    }
  }

  /** Receives each change of a room's presences: who joined and who left. */
  interface Listener {
    void changed(String room, List<Presence> joins, List<Presence> leaves);
  }

  private final Vertx vertx;
  private final Nodes nodes;
  private final PubSub pubSub;
  private final Listener listener;
  private final Map<String, Map<String, Presence>> rooms = new HashMap<>();
  /** Without a cluster, the nodes heard, by node id. */
  private final Map<String, Peer> peers = new HashMap<>();
  private Subscription subscription;
  private long resync = -1;

  PresenceTracker(Vertx vertx, Nodes nodes, PubSub pubSub, Listener listener) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.pubSub = pubSub;
    this.listener = listener;
  }

  Future<Void> start() {
    return pubSub.subscribe(ChatAddresses.PRESENCE_TOPIC, this::receive).compose(sub -> {
      subscription = sub;
      resync = vertx.setPeriodic(nodes.clustered() ? RESYNC_MS : PEER_DIGEST_MS, t -> {
        announceDigest();
        dropSilentPeers();
      });
      return pubSub.broadcastFrom(sub, ChatAddresses.PRESENCE_TOPIC, frame("sync_request"));
    });
  }

  /** Stops announcing; nodes that know this one only by its messages are told it left. */
  Future<Void> stop() {
    vertx.cancelTimer(resync);
    if (subscription == null) {
      return Future.succeededFuture();
    }
    Future<Void> bye = nodes.clustered() ? Future.succeededFuture()
      : pubSub.broadcastFrom(subscription, ChatAddresses.PRESENCE_TOPIC, frame("bye")).otherwiseEmpty();
    return bye.compose(v -> pubSub.unsubscribe(subscription));
  }

  /** A local socket joined a room. */
  void track(String room, String ref, String nick) {
    Presence presence = new Presence(ref, nick, nodes.self().name(), nodes.self().id());
    apply(room, List.of(presence), List.of());
    announce(room, List.of(presence), List.of());
  }

  /** A local socket left a room. */
  void untrack(String room, String ref) {
    Presence presence = rooms.getOrDefault(room, Map.of()).get(ref);
    if (presence != null) {
      apply(room, List.of(), List.of(presence));
      announce(room, List.of(), List.of(presence));
    }
  }

  /**
   * A node came up, or came back after a partition (each side dropped the other's presences): this node
   * sends it its own state at once rather than at the next digest, as the other node does on seeing this
   * one. Around a partition's merge the cluster's routing is still settling and a message can be lost,
   * so the state is sent again {@value #NODE_UP_REPEAT_MS} ms later; the digests catch anything after that.
   */
  void nodeUp(String name) {
    sendStateTo(name);
    vertx.setTimer(NODE_UP_REPEAT_MS, t -> sendStateTo(name));
  }

  private void sendStateTo(String name) {
    if (subscription != null && nodes.byName(name).isPresent()) {
      announceState(name);
    }
  }

  /** The node went down: its sockets leave every room. */
  void nodeDown(String nodeId) {
    replaceNode(nodeId, Map.of());
  }

  /** The presences of a room, in Phoenix's {@code presence_state} shape. */
  JsonObject state(String room) {
    return Presences.byNick(rooms.getOrDefault(room, Map.of()).values());
  }

  Set<String> rooms() {
    return new TreeSet<>(rooms.keySet());
  }

  private void receive(PubSubMessage message) {
    JsonObject frame = message.json();
    String from = frame.getString("nodeId");
    if (from == null || from.equals(nodes.self().id()) || !PROTOCOL.understood(frame, frame.getString("node", from))) {
      return;
    }
    String name = heard(from, frame.getString("node"));
    if (name == null) {
      return;
    }
    switch (String.valueOf(frame.getString("type"))) {
      case "diff" -> apply(frame.getString("room"), read(frame.getJsonArray("joins")), read(frame.getJsonArray("leaves")));
      case "digest" -> checkDigest(from, name, frame);
      case "sync_request" -> announceState(name);
      case "state" -> replaceNode(from, readState(frame.getJsonObject("rooms")));
      case "bye" -> {
        peers.remove(from);
        replaceNode(from, Map.of());
      }
      default -> { }
    }
  }

  /** The name of the node a message came from, or null when it does not count (see the class comment). */
  private String heard(String nodeId, String name) {
    if (nodes.clustered()) {
      return nodes.byId(nodeId).map(NodeInfo::name).orElse(null);
    }
    if (name != null) {
      peers.put(nodeId, new Peer(name, System.currentTimeMillis()));
    }
    return name;
  }

  /** Without a cluster: the presences of nodes not heard for {@value #PEER_SILENCE_MS} ms leave. */
  private void dropSilentPeers() {
    long now = System.currentTimeMillis();
    List.copyOf(peers.keySet()).forEach(nodeId -> {
      if (now - peers.get(nodeId).heardMs() > PEER_SILENCE_MS) {
        peers.remove(nodeId);
        replaceNode(nodeId, Map.of());
      }
    });
  }

  private void apply(String room, List<Presence> joins, List<Presence> leaves) {
    Map<String, Presence> present = rooms.computeIfAbsent(room, r -> new HashMap<>());
    List<Presence> joined = joins.stream().filter(p -> present.putIfAbsent(p.ref(), p) == null).toList();
    List<Presence> left = leaves.stream().filter(p -> present.remove(p.ref()) != null).toList();
    if (present.isEmpty()) {
      rooms.remove(room);
    }
    if (!joined.isEmpty() || !left.isEmpty()) {
      listener.changed(room, joined, left);
    }
  }

  /** Makes the replica hold exactly {@code latest} for that node, room by room. */
  private void replaceNode(String nodeId, Map<String, List<Presence>> latest) {
    Set<String> affected = new TreeSet<>(latest.keySet());
    rooms.forEach((room, present) -> {
      if (present.values().stream().anyMatch(p -> p.nodeId().equals(nodeId))) {
        affected.add(room);
      }
    });
    for (String room : affected) {
      List<Presence> now = latest.getOrDefault(room, List.of());
      Set<Presence> staying = new HashSet<>(now);
      List<Presence> leaves = rooms.getOrDefault(room, Map.of()).values().stream()
        .filter(p -> p.nodeId().equals(nodeId) && !staying.contains(p)).toList();
      apply(room, now, leaves);
    }
  }

  private void announce(String room, List<Presence> joins, List<Presence> leaves) {
    pubSub.broadcastFrom(subscription, ChatAddresses.PRESENCE_TOPIC, frame("diff").put("room", room)
      .put("joins", write(joins)).put("leaves", write(leaves)));
  }

  /** This node's own presences, to the node that asked for them. */
  private void announceState(String toNode) {
    JsonObject own = new JsonObject();
    rooms.forEach((room, present) -> {
      List<Presence> mine = present.values().stream().filter(p -> p.nodeId().equals(nodes.self().id())).toList();
      if (!mine.isEmpty()) {
        own.put(room, write(mine));
      }
    });
    pubSub.directBroadcast(toNode, ChatAddresses.PRESENCE_TOPIC, frame("state").put("rooms", own));
  }

  private void announceDigest() {
    long[] digest = digest(nodes.self().id());
    pubSub.broadcastFrom(subscription, ChatAddresses.PRESENCE_TOPIC, frame("digest").put("count", digest[0])
      .put("hash", digest[1]));
  }

  /** Asks {@code from} for its state when this replica of its presences differs from its digest. */
  private void checkDigest(String from, String name, JsonObject frame) {
    long[] digest = digest(from);
    if (digest[0] != frame.getLong("count", -1L) || digest[1] != frame.getLong("hash", 0L)) {
      pubSub.directBroadcast(name, ChatAddresses.PRESENCE_TOPIC, frame("sync_request"));
    }
  }

  /** Count and order-free hash of the presences of one node, as this replica holds them. */
  private long[] digest(String nodeId) {
    long count = 0;
    long hash = 0;
    for (Map.Entry<String, Map<String, Presence>> room : rooms.entrySet()) {
      for (Presence presence : room.getValue().values()) {
        if (presence.nodeId().equals(nodeId)) {
          count++;
          hash += Objects.hash(room.getKey(), presence.ref(), presence.nick(), presence.node()) * 0x9E3779B97F4A7C15L;
        }
      }
    }
    return new long[] {count, hash};
  }

  private JsonObject frame(String type) {
    return PROTOCOL.stamp(new JsonObject()).put("type", type).put("nodeId", nodes.self().id()).put("node", nodes.self().name());
  }

  private static JsonArray write(List<Presence> presences) {
    JsonArray array = new JsonArray();
    presences.forEach(p -> array.add(p.toJson()));
    return array;
  }

  private static List<Presence> read(JsonArray array) {
    List<Presence> presences = new ArrayList<>();
    if (array != null) {
      array.forEach(item -> presences.add(Presence.fromJson((JsonObject) item)));
    }
    return presences;
  }

  private static Map<String, List<Presence>> readState(JsonObject rooms) {
    Map<String, List<Presence>> state = new HashMap<>();
    if (rooms != null) {
      rooms.forEach(entry -> state.put(entry.getKey(), read((JsonArray) entry.getValue())));
    }
    return state;
  }
}
