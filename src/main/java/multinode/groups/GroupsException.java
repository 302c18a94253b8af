package multinode.groups;

import multinode.Coded;

import java.util.Objects;

/** A failed groups operation; {@link #failure()} says which kind. Nothing changed. */
public final class GroupsException extends RuntimeException implements Coded {

  private final GroupsFailure failure;

  public GroupsException(GroupsFailure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The kind of failure. */
  public GroupsFailure failure() {
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
