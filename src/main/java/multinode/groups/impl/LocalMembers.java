package multinode.groups.impl;

import multinode.groups.GroupMember;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The members this node owns and their join counts: the one place their memberships change.
 * <p>
 * Each operation checks all its members first and changes nothing if one is refused; it returns the
 * ops to apply and send (a join only when a count goes from 0 to 1, a leave only when it goes back).
 * Used under the {@link GroupsEngine}'s lock only.
 */
final class LocalMembers {

  private record Membership(String scope, String group) {
  }

  private final Map<String, GroupMember> members = new HashMap<>();
  private final Map<String, Map<Membership, Integer>> counts = new HashMap<>();

  void add(GroupMember member) {
    members.put(member.id(), member);
    counts.put(member.id(), new HashMap<>());
  }

  List<Op> join(String scope, String group, GroupMember... joining) {
    for (GroupMember member : joining) {
      if (!members.containsKey(member.id())) {
        throw new GroupsException(GroupsFailure.NOT_LOCAL, "member " + member.id() + " of node " + member.node()
          + " was not made on this node, or is gone");
      }
    }
    List<Op> ops = new ArrayList<>();
    for (GroupMember member : joining) {
      if (counts.get(member.id()).merge(new Membership(scope, group), 1, Integer::sum) == 1) {
        ops.add(Op.join(scope, group, members.get(member.id())));
      }
    }
    return ops;
  }

  List<Op> leave(String scope, String group, GroupMember... leaving) {
    Membership membership = new Membership(scope, group);
    Map<String, Integer> needed = new HashMap<>();
    for (GroupMember member : leaving) {
      Map<Membership, Integer> memberCounts = counts.get(member.id());
      if (memberCounts == null) {
        throw new GroupsException(GroupsFailure.NOT_LOCAL, "member " + member.id() + " of node " + member.node()
          + " was not made on this node, or is gone");
      }
      if (memberCounts.getOrDefault(membership, 0) < needed.merge(member.id(), 1, Integer::sum)) {
        throw new GroupsException(GroupsFailure.NOT_JOINED, "member " + member.id() + " is not in group " + group);
      }
    }
    List<Op> ops = new ArrayList<>();
    for (GroupMember member : leaving) {
      Map<Membership, Integer> memberCounts = counts.get(member.id());
      if (memberCounts.merge(membership, -1, Integer::sum) == 0) {
        memberCounts.remove(membership);
        ops.add(Op.leave(scope, group, member.id()));
      }
    }
    return ops;
  }

  /** Every local member leaves the group completely (pg2 delete). */
  List<Op> clear(String scope, String group) {
    Membership membership = new Membership(scope, group);
    List<Op> ops = new ArrayList<>();
    counts.forEach((id, memberCounts) -> {
      if (memberCounts.remove(membership) != null) {
        ops.add(Op.leave(scope, group, id));
      }
    });
    return ops;
  }

  /** The member is gone (its deployment was undeployed): it leaves every group. */
  List<Op> remove(String memberId) {
    members.remove(memberId);
    Map<Membership, Integer> memberCounts = counts.remove(memberId);
    List<Op> ops = new ArrayList<>();
    if (memberCounts != null) {
      memberCounts.keySet().forEach(m -> ops.add(Op.leave(m.scope(), m.group(), memberId)));
    }
    return ops;
  }

  /** A join op for every current membership, for a node that asks for this node's state. */
  List<Op> snapshot() {
    List<Op> ops = new ArrayList<>();
    counts.forEach((id, memberCounts) ->
      memberCounts.keySet().forEach(m -> ops.add(Op.join(m.scope(), m.group(), members.get(id)))));
    return ops;
  }
}
