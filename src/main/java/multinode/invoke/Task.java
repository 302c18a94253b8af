package multinode.invoke;

import io.vertx.core.Future;

/**
 * A named piece of work that other nodes can run on this one: Erlang's function in
 * {@code Node.spawn(node, fn)}, except that only tasks registered with {@link Invoke#register} can run.
 * <p>
 * Rules for implementations:
 * <ol>
 *   <li>{@link #run} is called on an event loop of the node; it must not block (use
 *       {@code vertx.executeBlocking} for blocking work).</li>
 *   <li>The returned future's value is the result: a {@link io.vertx.core.json.JsonObject},
 *       {@link io.vertx.core.json.JsonArray}, String, Number, Boolean or null.</li>
 *   <li>Refuse bad arguments with {@link InvokeException#badArgs(String)} (thrown or as the failure);
 *       any other failure reaches the caller as {@code task_failed} with the exception's message.</li>
 *   <li>Lines printed on {@link TaskContext#out()} reach a spawning caller in order, before the result.</li>
 *   <li>A long task listens to {@link TaskContext#onCancel}: after a cancel or a timeout its result is
 *       ignored, so it should stop its work.</li>
 * </ol>
 */
@FunctionalInterface
public interface Task {

  /** Runs the task once. */
  Future<?> run(TaskContext context);
}
