package multinode.chat.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What this node has seen of the history of each room it has sockets in (the epoch and the highest
 * number), and so when its sockets must resynchronise: when the room's epoch changed (a heal, a store
 * that lost its data), or when the store kept messages that never arrived here. A message kept
 * elsewhere is on its way for a moment, so the store being ahead counts only if it is still ahead at
 * the next check. A plain state machine, fed by the chat's context.
 */
final class RoomHeads {

  private record Head(String epoch, long seq) {
  }

  private final Map<String, Head> known = new HashMap<>();
  /** Per room, how far the store was ahead at the last check. */
  private final Map<String, Long> ahead = new HashMap<>();

  /**
   * A message (or a read) showed the room at {@code epoch} and {@code seq}.
   *
   * @return whether it shows another epoch than the one known: the room's sockets must resynchronise
   */
  boolean seen(String room, String epoch, long seq) {
    Head head = known.get(room);
    if (head != null && Objects.equals(head.epoch(), epoch)) {
      if (seq > head.seq()) {
        known.put(room, new Head(epoch, seq));
      }
      return false;
    }
    known.put(room, new Head(epoch, seq));
    ahead.remove(room);
    return head != null;
  }

  /**
   * The store says the room is at {@code epoch} and {@code lastSeq} now.
   *
   * @return whether the room's sockets must resynchronise
   */
  boolean check(String room, String epoch, long lastSeq) {
    Head head = known.get(room);
    Long wasAhead = ahead.remove(room);
    if (head == null || !Objects.equals(head.epoch(), epoch) || lastSeq < head.seq()) {
      known.put(room, new Head(epoch, lastSeq));
      return head != null;
    }
    if (lastSeq == head.seq()) {
      return false;
    }
    if (wasAhead != null && head.seq() < wasAhead) {
      // what the store had kept at the last check never arrived here
      known.put(room, new Head(epoch, lastSeq));
      return true;
    }
    ahead.put(room, lastSeq);
    return false;
  }

  /** The node has no sockets in the room any more. */
  void forget(String room) {
    known.remove(room);
    ahead.remove(room);
  }
}
