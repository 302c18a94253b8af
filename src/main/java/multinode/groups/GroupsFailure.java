package multinode.groups;

/** Why a groups operation failed; each has a snake_case code used over HTTP and the bridges. */
public enum GroupsFailure {
  /** The group name is empty, longer than {@value Groups#MAX_NAME_LENGTH} characters or has control characters. */
  INVALID_GROUP,
  /** The scope name breaks the same rules as a group name. */
  INVALID_SCOPE,
  /** Leaving a group the member is not in. */
  NOT_JOINED,
  /** The member lives on another node, or was not made by {@link Groups#member} (or was removed). */
  NOT_LOCAL,
  /** The group does not exist: never created and without members (reads of one group over HTTP and the bus). */
  NO_SUCH_GROUP,
  /** The group has no member to pick ({@code closest}, {@code sendToClosest}, {@code requestClosest}). */
  NO_PROCESS;

  /** The wire code, e.g. {@code not_joined}. */
  public String code() {
    return name().toLowerCase();
  }
}
