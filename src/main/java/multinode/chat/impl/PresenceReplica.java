package multinode.chat.impl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every node's presences as this node knows them, room by room: the state the presence tracker keeps in
 * step over the network, with no network of its own. Each node owns its presences; a diff adds and
 * removes some, a node's state replaces all of its, and a digest (count and order-free hash) of one
 * node's presences tells whether this copy of them is still the node's own. Every change that took
 * effect goes to the listener once. Not thread-safe: the tracker uses it on the chat's context.
 */
final class PresenceReplica {

  /** Receives each change of a room's presences: who joined and who left. */
  interface Listener {
    void changed(String room, List<Presence> joins, List<Presence> leaves);
  }

  /** What a node's presences add up to: how many, and a hash that ignores their order. */
  record Digest(long count, long hash) {
  }

  private final Map<String, Map<String, Presence>> rooms = new HashMap<>();
  private final Listener listener;

  PresenceReplica(Listener listener) {
    this.listener = listener;
  }

  /** Adds and removes presences of a room; a join already held or a leave not held is no change. */
  void apply(String room, List<Presence> joins, List<Presence> leaves) {
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

  /** Makes the replica hold exactly {@code latest} (room → presences) for that node; empty drops them all. */
  void replaceNode(String nodeId, Map<String, List<Presence>> latest) {
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

  /** The presences of one node, room by room. */
  Map<String, List<Presence>> ownedBy(String nodeId) {
    Map<String, List<Presence>> owned = new HashMap<>();
    rooms.forEach((room, present) -> {
      List<Presence> theirs = present.values().stream().filter(p -> p.nodeId().equals(nodeId)).toList();
      if (!theirs.isEmpty()) {
        owned.put(room, theirs);
      }
    });
    return owned;
  }

  /** The presence with this ref in a room, or null. */
  Presence get(String room, String ref) {
    return rooms.getOrDefault(room, Map.of()).get(ref);
  }

  /** A room's presences, in no order. */
  List<Presence> in(String room) {
    return List.copyOf(rooms.getOrDefault(room, Map.of()).values());
  }

  /** The rooms with someone in them, sorted. */
  Set<String> rooms() {
    return new TreeSet<>(rooms.keySet());
  }

  /** The digest of one node's presences as this replica holds them. */
  Digest digest(String nodeId) {
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
    return new Digest(count, hash);
  }
}
