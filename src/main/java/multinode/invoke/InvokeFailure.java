package multinode.invoke;

/**
 * Why a {@link Invoke} call, spawn or one node's part of a multicall failed; each has a snake_case code
 * used over HTTP and the bridges.
 */
public enum InvokeFailure {
  /** No node of the cluster has that name (it never joined, or it is down). */
  NO_SUCH_NODE(404),
  /** The node has no task of that name registered. */
  NO_SUCH_TASK(404),
  /** The task refused its arguments; the message says which one and why. */
  BAD_ARGS(400),
  /** The task failed; the message is the exception's message, never a stack trace. */
  TASK_FAILED(500),
  /** No result within the timeout; the task has been cancelled on its node. */
  TIMEOUT(504),
  /** The node went down while the task ran; reported when the cluster drops it, not at the timeout. */
  NODE_DOWN(503),
  /** The caller cancelled the task. */
  CANCELLED(409),
  /** Code sent to {@link Invoke#eval} does not compile; the message has the line, column and the compiler's words. */
  COMPILE_ERROR(400),
  /** The node runs no code sent to it ({@code invoke.eval.enabled} is off there), or not through this door. */
  EVAL_DISABLED(403);

  private final int status;

  InvokeFailure(int status) {
    this.status = status;
  }

  /** The HTTP status it answers with, e.g. {@code 404}. */
  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code no_such_task}. */
  public String code() {
    return name().toLowerCase();
  }

  /** The failure with this wire code; {@link #TASK_FAILED} for a code this version does not know. */
  public static InvokeFailure ofCode(String code) {
    for (InvokeFailure failure : values()) {
      if (failure.code().equals(code)) {
        return failure;
      }
    }
    return TASK_FAILED;
  }
}
