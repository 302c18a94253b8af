package multinode.pubsub.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import multinode.pubsub.PubSubMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The broadcasts an adapter is given in one event-loop turn, kept per topic in order and sent together
 * once the turn ends: one server round trip for a burst rather than one per message. Every broadcast of
 * the turn completes with the send. Thread-safe; the send runs on the adapter's context.
 */
public final class TurnBatches {

  private final Context context;
  private final Function<Map<String, List<PubSubMessage>>, Future<Void>> send;
  private Map<String, List<PubSubMessage>> pending = new LinkedHashMap<>();
  private Promise<Void> sent;

  /**
   * @param send sends one turn's messages, topic by topic, each topic's in order
   */
  public TurnBatches(Context context, Function<Map<String, List<PubSubMessage>>, Future<Void>> send) {
    this.context = context;
    this.send = send;
  }

  /** Adds a broadcast to this turn's; completes when the turn's are sent. */
  public synchronized Future<Void> add(PubSubMessage message) {
    pending.computeIfAbsent(message.topic(), t -> new ArrayList<>()).add(message);
    if (sent == null) {
      sent = Promise.promise();
      context.runOnContext(v -> flush());
    }
    return sent.future();
  }

  private void flush() {
    Map<String, List<PubSubMessage>> turn;
    Promise<Void> done;
    synchronized (this) {
      turn = pending;
      done = sent;
      pending = new LinkedHashMap<>();
      sent = null;
    }
    Future<Void> result;
    try {
      result = send.apply(turn);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done);
  }
}
