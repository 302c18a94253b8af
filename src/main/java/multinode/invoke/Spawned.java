package multinode.invoke;

import io.vertx.core.Future;

/**
 * A task spawned on a node ({@link Invoke#spawn}): its output streams to the handler given to spawn,
 * then its result arrives.
 * <p>
 * <b>Guarantees.</b> Output lines reach the handler in the order the task printed them, each once.
 * {@link #result()} completes after the last line was handed to the handler. While {@link #pause() paused},
 * no line is handed over and the task's output is held back on its node.
 */
public interface Spawned {

  /** The node the task runs on. */
  String node();

  /** The task's name. */
  String task();

  /** Stops handing over lines until {@link #resume()}. */
  Spawned pause();

  /** Hands over held lines and the ones that follow. */
  Spawned resume();

  /** The task's result, or its failure as an {@link InvokeException}. */
  Future<Object> result();

  /**
   * Asks the node to cancel the task; the result then fails with {@code cancelled}.
   *
   * @return completes when the node confirmed (or the result was already known)
   */
  Future<Void> cancel();
}
