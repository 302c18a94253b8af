package multinode.invoke;

import io.vertx.core.Handler;

/**
 * Where a task prints: lines are sent to the caller in batches, in order, with at most a few batches
 * unacknowledged at a time, so a slow caller slows the output down instead of filling memory.
 * <p>
 * {@link #println} never blocks. A task printing many lines checks {@link #writeQueueFull()} and
 * waits for {@link #drainHandler}; a task that ignores it and gets more than
 * {@value #MAX_BUFFERED_CHARS} characters ahead of its caller fails with {@code task_failed}.
 */
public interface TaskOutput {

  /** The most characters that may wait for the caller, each line counting one more for its newline. */
  int MAX_BUFFERED_CHARS = 16 * 1024 * 1024;

  /**
   * Queues one line for the caller (callable from any thread; lines from one thread keep their order).
   *
   * @throws IllegalStateException when {@value #MAX_BUFFERED_CHARS} characters already wait for the caller
   */
  void println(String line);

  /** Whether the task should stop printing until the {@link #drainHandler} is called. */
  boolean writeQueueFull();

  /** Called once, on the task's context, when the queue has room again after being full. */
  TaskOutput drainHandler(Handler<Void> handler);
}
