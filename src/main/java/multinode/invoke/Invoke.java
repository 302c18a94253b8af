package multinode.invoke;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Running tasks on nodes of the cluster: Erlang's {@code Node.spawn}, {@code erpc:call} and
 * {@code erpc:multicall}, for named {@link Task tasks}.
 * <p>
 * <b>Guarantees.</b>
 * <ol>
 *   <li>Only tasks registered on the target node run; anything else is {@code no_such_task}.</li>
 *   <li>Every call, spawn and multicall part ends exactly once: with a value or one
 *       {@link InvokeFailure}. A node that goes down fails what runs there with {@code node_down} as soon
 *       as the cluster drops it; a timeout fails with {@code timeout} and cancels the task there.</li>
 *   <li>A spawn's output reaches the caller in order, before its result (see {@link Spawned}).</li>
 *   <li>Tasks spawned or called by a node that goes down are cancelled.</li>
 * </ol>
 * Results and handlers run on the caller's context. Built-in tasks on every node: {@code node.name},
 * {@code echo}, {@code sleep}, {@code seq}, {@code sys.info}, {@code verticle.deploy},
 * {@code verticle.undeploy}.
 */
public interface Invoke {

  /** The longest task name. */
  int MAX_TASK_LENGTH = 200;

  /** The task that runs Java code sent to it, on a node with {@code invoke.eval.enabled} ({@link #eval}). */
  String EVAL_TASK = "eval";

  /**
   * Registers a task on this node under {@code name} (replacing one of that name). Register it on every
   * node that should run it.
   *
   * @param summary one line for {@code GET /api/tasks} and the console's help
   */
  void register(String name, String summary, Task task);

  /** The tasks registered on this node: name → summary, ordered by name. */
  Map<String, String> tasks();

  /** How many tasks run on this node now, for any caller. */
  int running();

  /**
   * Runs the task on the named node and returns its result; its output is dropped.
   *
   * @return the task's value; fails with {@code no_such_node}, {@code no_such_task}, {@code bad_args} (the
   *   task refused its arguments), {@code task_failed} (with the task's message), {@code timeout} (the
   *   task is cancelled there) or {@code node_down} (the node left the cluster meanwhile)
   */
  Future<Object> call(String node, String task, JsonObject args, long timeoutMs);

  /**
   * Runs the task on every node of the cluster, this one included.
   *
   * @return one result per node, ordered by node name, each a value or one of {@link #call}'s failures;
   *   never failed as a whole
   */
  Future<List<NodeResult>> multicall(String task, JsonObject args, long timeoutMs);

  /**
   * Spawns the task on the named node with no timeout; its output lines go to {@code output}. The
   * handle's result fails as {@link #call} does, or with {@code cancelled} after {@link Spawned#cancel}.
   */
  Spawned spawn(String node, String task, JsonObject args, Handler<String> output);

  /** Spawns the task on the named node; it is cancelled and fails with {@code timeout} after {@code timeoutMs}. */
  Spawned spawn(String node, String task, JsonObject args, long timeoutMs, Handler<String> output);

  /**
   * Runs Java statements on the named node, the tutorial's {@code Node.spawn(node, fn)}: what they print
   * ({@code System.out}, {@code println(…)}) goes to {@code output}, in order; the result is the value of
   * the last expression as JShell shows it (e.g. {@code 42}, {@code "text"}), or null after a statement.
   * The code runs off the node's event loops and is stopped at the timeout.
   *
   * @return fails as {@link #spawn} does, and with {@code compile_error} (line, column and the compiler's
   *   message), {@code task_failed} (an exception: its class and message) or {@code eval_disabled} (the
   *   node runs no code sent to it)
   */
  default Spawned eval(String node, String source, long timeoutMs, Handler<String> output) {
    return spawn(node, EVAL_TASK, new JsonObject().put("source", source), timeoutMs, output);
  }
}
