package multinode.groups.impl;

import multinode.groups.Groups;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;

/** The rules for group and scope names: 1 to {@value Groups#MAX_NAME_LENGTH} characters, no control characters. */
final class GroupNames {

  private GroupNames() {
  }

  static String group(String name) {
    return check(name, "group", GroupsFailure.INVALID_GROUP);
  }

  static String scope(String name) {
    return check(name, "scope", GroupsFailure.INVALID_SCOPE);
  }

  private static String check(String name, String what, GroupsFailure failure) {
    if (name == null || name.isEmpty()) {
      throw new GroupsException(failure, what + " name must not be empty");
    }
    if (name.length() > Groups.MAX_NAME_LENGTH) {
      throw new GroupsException(failure, what + " name is " + name.length() + " characters; at most "
        + Groups.MAX_NAME_LENGTH + " are allowed");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new GroupsException(failure, what + " name must not contain control characters");
      }
    }
    return name;
  }
}
