package multinode.chat;

import java.util.Objects;

/** A refused chat request; {@link #failure()} says which kind. */
public final class ChatException extends RuntimeException {

  private final ChatFailure failure;

  public ChatException(ChatFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The kind of refusal. */
  public ChatFailure failure() {
    return failure;
  }
}
