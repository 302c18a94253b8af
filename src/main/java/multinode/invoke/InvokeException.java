package multinode.invoke;

import multinode.Coded;

import java.util.Objects;

/**
 * A failed invocation; {@link #failure()} says which kind. Tasks throw {@link #badArgs(String)} (or fail
 * their future with it) to refuse their arguments.
 */
public final class InvokeException extends RuntimeException implements Coded {

  private final InvokeFailure failure;

  public InvokeException(InvokeFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The task's arguments are not acceptable; the message names the argument. */
  public static InvokeException badArgs(String message) {
    return new InvokeException(InvokeFailure.BAD_ARGS, message);
  }

  /** The kind of failure. */
  public InvokeFailure failure() {
    return failure;
  }

  @Override
  public String code() {
    return failure.code();
  }

  @Override
  public int status() {
    return failure.status();
  }
}
