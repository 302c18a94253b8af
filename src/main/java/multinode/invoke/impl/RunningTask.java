package multinode.invoke.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.invoke.InvokeFailure;
import multinode.invoke.Task;
import multinode.invoke.TaskContext;
import multinode.invoke.TaskOutput;
import multinode.node.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One task running on this node for a caller: its {@link TaskContext}, its timeout and its
 * cancellation. It ends once: with the task's own outcome, or with the cancel that came first.
 */
final class RunningTask implements TaskContext {

  private static final Logger log = LoggerFactory.getLogger(RunningTask.class);

  private final Context context;
  private final String name;
  private final Task task;
  private final NodeInfo node;
  private final String callerId;
  private final String caller;
  private final JsonObject args;
  private final Promise<Outcome> outcome = Promise.promise();
  private final List<Handler<Void>> cancelHandlers = new ArrayList<>();
  private TaskOutput out = OutputChannel.DISCARD;
  private boolean cancelled;
  private boolean abandoned;
  private long timer = -1;

  RunningTask(Context context, String name, Task task, NodeInfo node, String callerId, String caller, JsonObject args) {
    this.context = context;
    this.name = name;
    this.task = task;
    this.node = node;
    this.callerId = callerId;
    this.caller = caller;
    this.args = args == null ? new JsonObject() : args;
  }

  void output(TaskOutput out) {
    this.out = out;
  }

  /** Runs the task (on this context); the outcome completes once. */
  Future<Outcome> start(long timeoutMs) {
    if (timeoutMs > 0) {
      timer = context.owner().setTimer(timeoutMs, t -> cancel(InvokeFailure.TIMEOUT,
        "no result from " + name + " within " + timeoutMs + " ms"));
    }
    Future<?> result;
    try {
      result = task.run(this);
      if (result == null) {
        result = Future.failedFuture("the task returned no future");
      }
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      // after a cancel the task's own ending (even from inside its cancel handler) is ignored
      if (!cancelled) {
        end(Outcome.of(ar));
      }
    });
    return outcome.future();
  }

  /** Stops the task for this reason, unless it already ended; its own result is then ignored. */
  void cancel(InvokeFailure reason, String message) {
    if (cancelled || outcome.future().isComplete()) {
      return;
    }
    cancelled = true;
    // the task hears of it before the caller does
    cancelHandlers.forEach(handler -> {
      try {
        handler.handle(null);
      } catch (RuntimeException e) {
        log.warn("a cancel handler of a task failed: {}", e.toString());
      }
    });
    end(Outcome.failed(reason, message));
  }

  /** The caller went down: the task is cancelled and nothing is sent back. */
  void abandon() {
    abandoned = true;
    cancel(InvokeFailure.CANCELLED, "the caller went down");
  }

  /** Whether the caller went down, so that the outcome goes nowhere. */
  boolean abandoned() {
    return abandoned;
  }

  String callerId() {
    return callerId;
  }

  private void end(Outcome result) {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
    }
    outcome.tryComplete(result);
  }

  @Override
  public JsonObject args() {
    return args;
  }

  @Override
  public NodeInfo node() {
    return node;
  }

  @Override
  public String caller() {
    return caller;
  }

  @Override
  public Vertx vertx() {
    return context.owner();
  }

  @Override
  public TaskOutput out() {
    return out;
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public TaskContext onCancel(Handler<Void> handler) {
    cancelHandlers.add(handler);
    return this;
  }
}
