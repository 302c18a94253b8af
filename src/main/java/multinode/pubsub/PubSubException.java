package multinode.pubsub;

import multinode.Coded;

import java.util.Objects;

/** A failed pubsub operation; {@link #failure()} says which kind. */
public final class PubSubException extends RuntimeException implements Coded {

  private final PubSubFailure failure;

  public PubSubException(PubSubFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The kind of failure. */
  public PubSubFailure failure() {
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
