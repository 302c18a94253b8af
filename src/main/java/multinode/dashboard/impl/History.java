package multinode.dashboard.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last {@value #KEPT} samples of every node's charted figures (one a second: five minutes), each
 * {@code [ms, messages/s, heap MiB, sockets]}; and the message counters they are computed from. Not
 * thread-safe: the dashboard's context owns it.
 */
final class History {

  static final int KEPT = 300;

  private record Count(long at, long messages) {
  }

  private final Map<String, Deque<JsonArray>> samples = new TreeMap<>();
  private final Map<String, Count> last = new TreeMap<>();

  /**
   * Adds a node's sample from its figures ({@code published}, {@code delivered}, {@code heapUsedMiB},
   * {@code sockets}) taken at {@code at}; returns it. The message rate is the counters' growth since the
   * node's previous sample (0 for its first).
   */
  JsonArray add(String node, long at, JsonObject figures) {
    long messages = figures.getLong("published", 0L) + figures.getLong("delivered", 0L);
    Count before = last.put(node, new Count(at, messages));
    double rate = before == null || at <= before.at() ? 0 : (messages - before.messages()) * 1000.0 / (at - before.at());
    JsonArray sample = new JsonArray().add(at).add(Math.max(0, Math.round(rate * 10) / 10.0))
      .add(figures.getValue("heapUsedMiB")).add(figures.getValue("sockets"));
    Deque<JsonArray> kept = samples.computeIfAbsent(node, n -> new ArrayDeque<>());
    kept.addLast(sample);
    if (kept.size() > KEPT) {
      kept.removeFirst();
    }
    return sample;
  }

  /** A node that is gone: its samples go too. */
  void forget(String node) {
    samples.remove(node);
    last.remove(node);
  }

  /** {@code {node: [[ms, messages/s, heap MiB, sockets], …]}}, oldest first. */
  JsonObject toJson() {
    JsonObject json = new JsonObject();
    samples.forEach((node, list) -> json.put(node, new JsonArray(list.stream().map(JsonArray::copy).toList())));
    return json;
  }
}
