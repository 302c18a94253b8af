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
import java.util.function.Supplier;

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

  /**
   * Sends one message outside the turns, as a direct broadcast is: on the adapter's context, after the
   * turns added before it. An adapter that numbers what it sends numbers on that context only, so its
   * numbers reach the server in order whichever thread broadcast.
   */
  public Future<Void> alone(Supplier<Future<Void>> sendOne) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> attempt(sendOne).onComplete(done));
    return done.future();
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
    Future<Void> own = attempt(() -> send.apply(turn));
    previous = previous.transform(v -> own);
    previous.onComplete(done);
  }

  private static Future<Void> attempt(Supplier<Future<Void>> sending) {
    try {
      return sending.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
