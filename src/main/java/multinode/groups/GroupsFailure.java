package multinode.groups;

/** Why a groups operation failed; each has a snake_case code used over HTTP and the bridges. */
public enum GroupsFailure {
  /** The group name is empty, longer than {@value Groups#MAX_NAME_LENGTH} characters or has control characters. */
  INVALID_GROUP(400),
  /** The scope name breaks the same rules as a group name. */
  INVALID_SCOPE(400),
  /** Leaving a group the member is not in. */
  NOT_JOINED(400),
  /** The member lives on another node, or was not made by {@link Groups#member} (or was removed). */
  NOT_LOCAL(400),
  /** The group does not exist: never created and without members (reads of one group over HTTP and the bus). */
  NO_SUCH_GROUP(404),
  /** The group has no member to pick ({@code closest}, {@code sendToClosest}, {@code requestClosest}). */
  NO_PROCESS(404);

  private final int status;

  GroupsFailure(int status) {
    this.status = status;
  }

  /** The HTTP status it answers with, e.g. {@code 404}. */
  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code not_joined}. */
  public String code() {
    return name().toLowerCase();
  }
}
