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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is in which room, on every node: keeps a {@link PresenceReplica} of all presences in step over the presence topic.
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

  private final Vertx vertx;
  private final Nodes nodes;
  private final PubSub pubSub;
  private final PresenceReplica replica;
  /** Without a cluster, the nodes heard, by node id. */
  private final Map<String, Peer> peers = new HashMap<>();
  private Subscription subscription;
  private long resync = -1;

  PresenceTracker(Vertx vertx, Nodes nodes, PubSub pubSub, PresenceReplica.Listener listener) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.pubSub = pubSub;
    this.replica = new PresenceReplica(listener);
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
    replica.apply(room, List.of(presence), List.of());
    announce(room, List.of(presence), List.of());
  }

  /** A local socket left a room. */
  void untrack(String room, String ref) {
    Presence presence = replica.get(room, ref);
    if (presence != null) {
      replica.apply(room, List.of(), List.of(presence));
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
    replica.replaceNode(nodeId, Map.of());
  }

  /** The presences of a room, in Phoenix's {@code presence_state} shape. */
  JsonObject state(String room) {
    return Presences.byNick(replica.in(room));
  }

  Set<String> rooms() {
    return replica.rooms();
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
      case "diff" -> replica.apply(frame.getString("room"), Presence.read(frame.getJsonArray("joins")),
        Presence.read(frame.getJsonArray("leaves")));
      case "digest" -> checkDigest(from, name, frame);
      case "sync_request" -> announceState(name);
      case "state" -> replica.replaceNode(from, readState(frame.getJsonObject("rooms")));
      case "bye" -> {
        peers.remove(from);
        replica.replaceNode(from, Map.of());
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
        replica.replaceNode(nodeId, Map.of());
      }
    });
  }

  private void announce(String room, List<Presence> joins, List<Presence> leaves) {
    pubSub.broadcastFrom(subscription, ChatAddresses.PRESENCE_TOPIC, frame("diff").put("room", room)
      .put("joins", Presence.write(joins)).put("leaves", Presence.write(leaves)));
  }

  /** This node's own presences, to the node that asked for them. */
  private void announceState(String toNode) {
    JsonObject own = new JsonObject();
    replica.ownedBy(nodes.self().id()).forEach((room, mine) -> own.put(room, Presence.write(mine)));
    pubSub.directBroadcast(toNode, ChatAddresses.PRESENCE_TOPIC, frame("state").put("rooms", own));
  }

  private void announceDigest() {
    PresenceReplica.Digest digest = replica.digest(nodes.self().id());
    pubSub.broadcastFrom(subscription, ChatAddresses.PRESENCE_TOPIC, frame("digest").put("count", digest.count())
      .put("hash", digest.hash()));
  }

  /** Asks {@code from} for its state when this replica of its presences differs from its digest. */
  private void checkDigest(String from, String name, JsonObject frame) {
    PresenceReplica.Digest digest = replica.digest(from);
    if (digest.count() != frame.getLong("count", -1L) || digest.hash() != frame.getLong("hash", 0L)) {
      pubSub.directBroadcast(name, ChatAddresses.PRESENCE_TOPIC, frame("sync_request"));
    }
  }

  private JsonObject frame(String type) {
    return PROTOCOL.stamp(new JsonObject()).put("type", type).put("nodeId", nodes.self().id()).put("node", nodes.self().name());
  }

  private static Map<String, List<Presence>> readState(JsonObject rooms) {
    Map<String, List<Presence>> state = new HashMap<>();
    if (rooms != null) {
      rooms.forEach(entry -> state.put(entry.getKey(), Presence.read((JsonArray) entry.getValue())));
    }
    return state;
  }
}
