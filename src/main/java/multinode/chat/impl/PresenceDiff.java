package multinode.chat.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's presence changes collected over a short while, netted so that a client applying the leaves,
 * then the joins, ends with the right state: a socket that joins and leaves within the batch appears in
 * neither.
 */
final class PresenceDiff {

  private final Map<String, Presence> joins = new LinkedHashMap<>();
  private final Map<String, Presence> leaves = new LinkedHashMap<>();

  void add(List<Presence> joined, List<Presence> left) {
    joined.forEach(p -> joins.put(p.ref(), p));
    left.forEach(p -> {
      // joined within this batch: the client never saw it, so it need not see it leave
      if (joins.remove(p.ref()) == null) {
        leaves.put(p.ref(), p);
      }
    });
  }

  Map<String, Presence> joins() {
    return joins;
  }

  Map<String, Presence> leaves() {
    return leaves;
  }
}
