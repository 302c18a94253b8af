package multinode.chat;

import multinode.Coded;

import java.util.Objects;

/** A refused chat request; {@link #failure()} says which kind. */
public final class ChatException extends RuntimeException implements Coded {

  private final ChatFailure failure;

  public ChatException(ChatFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The kind of refusal. */
  public ChatFailure failure() {
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
