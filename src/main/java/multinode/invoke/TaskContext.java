package multinode.invoke;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.node.NodeInfo;

/** What a running {@link Task} gets: its arguments, where it runs, who called, and its output. */
public interface TaskContext {

  /** The arguments the caller sent; an empty object when it sent none. */
  JsonObject args();

  /** The node the task runs on. */
  NodeInfo node();

  /** The name of the node that called or spawned it. */
  String caller();

  /** The Vert.x instance of the node the task runs on. */
  Vertx vertx();

  /**
   * The task's output: for a spawn, every line goes to the caller, in order (the caller is the group
   * leader); for a call, lines are dropped.
   */
  TaskOutput out();

  /** Whether the caller cancelled the task or its timeout passed. */
  boolean cancelled();

  /** Calls the handler once, on the task's context, when the task is cancelled or times out. */
  TaskContext onCancel(Handler<Void> handler);
}
