package multinode.chat;

/** Why the chat refused a request; the snake_case code is what a browser gets. */
public enum ChatFailure {
  /** The request is not a JSON object with a known {@code type}, or a field has the wrong type or range. */
  INVALID_REQUEST,
  /** The room name does not follow {@link ChatRules#ROOM_PATTERN}. */
  INVALID_ROOM,
  /** The nickname is empty, too long or has control characters. */
  INVALID_NICKNAME,
  /** The message is empty or too long after trimming. */
  INVALID_MESSAGE,
  /** The socket has not joined that room. */
  NOT_JOINED,
  /** The socket is in {@link ChatRules#MAX_ROOMS} rooms already. */
  TOO_MANY_ROOMS,
  /** The socket sent more than {@link ChatRules#RATE_MESSAGES} messages in {@link ChatRules#RATE_WINDOW_MS} ms. */
  RATE_LIMITED,
  /**
   * The room's history store cannot be reached (PostgreSQL or Redis is down, the cluster is re-forming):
   * the message was not kept and not sent to anyone.
   */
  HISTORY_UNAVAILABLE;

  /** The wire code, e.g. {@code rate_limited}. */
  public String code() {
    return name().toLowerCase();
  }
}
