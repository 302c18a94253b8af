package multinode.node;

import java.util.Objects;

/** A failed {@link Nodes} operation; {@link #failure()} says which kind. */
public final class NodeException extends RuntimeException {

  private final NodeFailure failure;

  public NodeException(NodeFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The kind of failure. */
  public NodeFailure failure() {
    return failure;
  }
}
