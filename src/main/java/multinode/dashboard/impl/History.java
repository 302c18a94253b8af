package multinode.dashboard.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last {@value #KEPT} samples of every node's charted figures (one a second: five minutes), each
 * {@code [ms, published/s, delivered/s, heap MiB, sockets]}; and the message counters the rates are
 * computed from. Not thread-safe: the dashboard's context owns it.
 */
final class History {

  static final int KEPT = 300;

  private record Count(long at, long published, long delivered) {
  }

  private final Map<String, Deque<JsonArray>> samples = new TreeMap<>();
  private final Map<String, Count> last = new TreeMap<>();

  /**
   * Adds a node's sample from its figures ({@code published}, {@code delivered}, {@code heapUsedMiB},
   * {@code sockets}) taken at {@code at}; returns it. A rate is its counter's growth per second since the
   * node's previous sample (0 for its first, and for a counter that went back: the node restarted).
   */
  JsonArray add(String node, long at, JsonObject figures) {
    Count now = new Count(at, figures.getLong("published", 0L), figures.getLong("delivered", 0L));
    Count before = last.put(node, now);
    JsonArray sample = new JsonArray().add(at)
      .add(rate(before == null ? now : before, now, before == null ? now.published() : before.published(), now.published()))
      .add(rate(before == null ? now : before, now, before == null ? now.delivered() : before.delivered(), now.delivered()))
      .add(figures.getValue("heapUsedMiB")).add(figures.getValue("sockets"));
    Deque<JsonArray> kept = samples.computeIfAbsent(node, n -> new ArrayDeque<>());
    kept.addLast(sample);
    if (kept.size() > KEPT) {
      kept.removeFirst();
    }
    return sample;
  }

  private static double rate(Count before, Count now, long from, long to) {
    if (now.at() <= before.at() || to < from) {
      return 0;
    }
    return Math.round((to - from) * 10_000.0 / (now.at() - before.at())) / 10.0;
  }

  /** A node that is gone: its samples go too. */
  void forget(String node) {
    samples.remove(node);
    last.remove(node);
  }

  /** {@code {node: [[ms, published/s, delivered/s, heap MiB, sockets], …]}}, oldest first. */
  JsonObject toJson() {
    JsonObject json = new JsonObject();
    samples.forEach((node, list) -> json.put(node, new JsonArray(list.stream().map(JsonArray::copy).toList())));
    return json;
  }
}
