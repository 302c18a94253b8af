package multinode.chat;

/** Why the chat refused a request; the snake_case code is what a browser gets. */
public enum ChatFailure {
  /** The request is not a JSON object with a known {@code type}, or a field has the wrong type or range. */
  INVALID_REQUEST(400),
  /** The room name does not follow {@link ChatRules#ROOM_PATTERN}. */
  INVALID_ROOM(400),
  /** The nickname is empty, too long or has control characters. */
  INVALID_NICKNAME(400),
  /** The nickname is one the node posts under itself ({@link ChatRules#RESERVED_NICKNAMES}). */
  RESERVED_NICKNAME(400),
  /** The message is empty or too long after trimming. */
  INVALID_MESSAGE(400),
  /** The socket has not joined that room. */
  NOT_JOINED(400),
  /** The socket is in {@link ChatRules#MAX_ROOMS} rooms already. */
  TOO_MANY_ROOMS(400),
  /** The socket sent more than {@link ChatRules#RATE_MESSAGES} messages in {@link ChatRules#RATE_WINDOW_MS} ms. */
  RATE_LIMITED(429),
  /**
   * The room's history store cannot be reached (PostgreSQL or Redis is down, the cluster is re-forming):
   * the message was not kept and not sent to anyone.
   */
  HISTORY_UNAVAILABLE(503);

  private final int status;

  ChatFailure(int status) {
    this.status = status;
  }

  /** The HTTP status it answers with, e.g. {@code 404}. */
  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code rate_limited}. */
  public String code() {
    return name().toLowerCase();
  }
}
