package multinode.node;

import multinode.Coded;

import java.util.Objects;

/** A failed {@link Nodes} operation; {@link #failure()} says which kind. */
public final class NodeException extends RuntimeException implements Coded {

  private final NodeFailure failure;

  public NodeException(NodeFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The kind of failure. */
  public NodeFailure failure() {
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
