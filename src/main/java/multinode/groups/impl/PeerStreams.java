package multinode.groups.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ops arriving from each other node, put back in that node's order.
 * <p>
 * A node's ops are numbered 1, 2, 3, …; a snapshot from that node says up to which number it covers.
 * Ops are held until the snapshot has arrived, ops the snapshot already covers are dropped, and a
 * missing number stops the stream until a new snapshot is fetched. Used under the {@link GroupsEngine}'s lock only.
 */
final class PeerStreams {

  private final Map<String, Peer> peers = new HashMap<>();

  /** Ops of {@code owner} starting at number {@code first}; returns those to apply now, in order. */
  List<Op> receive(String owner, long first, List<Op> ops) {
    Peer peer = peers.computeIfAbsent(owner, o -> new Peer());
    peer.pending.put(first, ops);
    return peer.synced ? peer.drain() : List.of();
  }

  /** {@code owner}'s snapshot, covering its ops up to {@code seq}, was applied; returns held ops to apply next. */
  List<Op> synced(String owner, long seq) {
    Peer peer = peers.computeIfAbsent(owner, o -> new Peer());
    peer.synced = true;
    peer.gap = false;
    peer.lastSeq = seq;
    return peer.drain();
  }

  /** Whether {@code owner} needs a (new) snapshot: none applied yet, or ops went missing. */
  boolean needsSnapshot(String owner) {
    Peer peer = peers.get(owner);
    return peer == null || !peer.synced || peer.gap;
  }

  /** Forgets a node that went down; a node that comes back starts over with a snapshot. */
  void forget(String owner) {
    peers.remove(owner);
  }

  private static final class Peer {
    private final TreeMap<Long, List<Op>> pending = new TreeMap<>();
    private boolean synced;
    private boolean gap;
    private long lastSeq;

    List<Op> drain() {
      List<Op> ready = new ArrayList<>();
      while (!pending.isEmpty()) {
        long first = pending.firstKey();
        List<Op> ops = pending.get(first);
        long last = first + ops.size() - 1;
        if (first > lastSeq + 1) {
          gap = true;
          break;
        }
        pending.pollFirstEntry();
        if (last > lastSeq) {
          ready.addAll(ops.subList((int) (lastSeq + 1 - first), ops.size()));
          lastSeq = last;
        }
      }
      return ready;
    }
  }
}
