package multinode.invoke.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.invoke.InvokeException;
import multinode.invoke.Spawned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The caller's end of a spawn: puts output batches back in order, hands their lines to the handler,
 * acknowledges each batch once handed over, and completes the result after the last one. Everything
 * runs on the caller's context.
 */
final class SpawnHandle implements Spawned {

  private static final Logger log = LoggerFactory.getLogger(SpawnHandle.class);

  private final String node;
  private final String task;
  private final String nodeId;
  private final Context context;
  private final Handler<String> output;
  private final LongConsumer acknowledge;
  private final Runnable sendCancel;
  private final Promise<Object> result = Promise.promise();
  private final TreeMap<Long, JsonArray> batches = new TreeMap<>();
  private long delivered;
  private Outcome end;
  private long lastSeq;
  private volatile boolean paused;

  SpawnHandle(String node, String task, String nodeId, Context context, Handler<String> output,
              LongConsumer acknowledge, Runnable sendCancel) {
    this.node = node;
    this.task = task;
    this.nodeId = nodeId;
    this.context = context;
    this.output = output;
    this.acknowledge = acknowledge;
    this.sendCancel = sendCancel;
  }

  String nodeId() {
    return nodeId;
  }

  /** An output or end frame from the task's node (any thread). */
  void frame(JsonObject frame) {
    onContext(() -> {
      if (Frames.OUTPUT.equals(frame.getString("type"))) {
        batches.put(frame.getLong("seq"), frame.getJsonArray("lines"));
      } else {
        end = Outcome.readFrom(frame);
        lastSeq = frame.getLong("seq");
      }
      drain();
    });
  }

  /** Ends the spawn with this failure, unless it already ended (any thread). */
  void fail(InvokeException failure) {
    onContext(() -> result.tryFail(failure));
  }

  boolean ended() {
    return result.future().isComplete();
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public String task() {
    return task;
  }

  @Override
  public Spawned pause() {
    paused = true;
    return this;
  }

  @Override
  public Spawned resume() {
    paused = false;
    onContext(this::drain);
    return this;
  }

  @Override
  public Future<Object> result() {
    return result.future();
  }

  @Override
  public Future<Void> cancel() {
    if (!ended()) {
      sendCancel.run();
    }
    return result.future().transform(ar -> Future.succeededFuture());
  }

  private void drain() {
    while (!paused && !ended() && batches.containsKey(delivered + 1)) {
      JsonArray lines = batches.remove(delivered + 1);
      for (int i = 0; i < lines.size(); i++) {
        handOver(lines.getString(i));
      }
      acknowledge.accept(++delivered);
    }
    if (end != null && delivered == lastSeq && !paused) {
      if (end.succeeded()) {
        result.tryComplete(end.value());
      } else {
        result.tryFail(end.failure());
      }
    }
  }

  private void handOver(String line) {
    try {
      output.handle(line);
    } catch (RuntimeException e) {
      log.warn("the output handler of {} on {} failed: {}", task, node, e.toString());
    }
  }

  private void onContext(Runnable action) {
    if (Contexts.isOn(context)) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
