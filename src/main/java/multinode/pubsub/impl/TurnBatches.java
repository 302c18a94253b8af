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
 * the turn completes with the send, and never before the broadcasts of the turns before it, so that
 * broadcasts complete (and reach the node's own subscribers) in the order they were made whatever order
 * a client answers in. Thread-safe; the send runs on the adapter's context.
 */
public final class TurnBatches {

  private final Context context;
  private final Function<Map<String, List<PubSubMessage>>, Future<Void>> send;
  private Map<String, List<PubSubMessage>> pending = new LinkedHashMap<>();
  private Promise<Void> sent;
  /** The last turn's completion; on the adapter's context. */
  private Future<Void> previous = Future.succeededFuture();

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
    Future<Void> own = result;
    previous = previous.transform(v -> own);
    previous.onComplete(done);
  }
}
