package multinode.pubsub.impl;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells a message handed on before from one handed on for the first time, for adapters whose broker may
 * deliver a message again: each sender numbers its messages within a run (a start of the node), and a
 * number not above the last seen in the same run and stream was seen. Not thread-safe: use it on the
 * context messages arrive on.
 */
public final class Redeliveries {

  private record Seen(String run, long seq) {
  }

  private final Map<String, Seen> last = new HashMap<>();

  /**
   * Whether this message is new, noting it if so.
   *
   * @param stream what the numbers are in order within: a sender, or a sender and a topic
   */
  public boolean first(String stream, String run, long seq) {
    Seen before = last.get(stream);
    if (before != null && before.run().equals(run) && seq <= before.seq()) {
      return false;
    }
    last.put(stream, new Seen(run, seq));
    return true;
  }
}
