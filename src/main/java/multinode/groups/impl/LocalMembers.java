package multinode.groups.impl;

import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntMaps;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import multinode.groups.GroupMember;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members this node owns and their join counts: the one place their memberships change.
 * <p>
 * Each operation checks all its members first and changes nothing if one is refused; it returns the
 * ops to apply and send (a join only when a count goes from 0 to 1, a leave only when it goes back).
 * <p>
 * The counts are kept per group, as a batch joins them (100 members into one group touch one small map),
 * and each member keeps only a list of the groups it joined, for when it goes: Erlang's {@code pg} keeps
 * the same list per process. A member that joins a group it is in already adds nothing to its list;
 * a group it left stays listed until the list is more than twice as long as what it is in, and is then
 * compacted.
 * (Counts per member, in one map per member, cost a 2,000-entry map insert per join in the batched-joins
 * benchmark, where every member is in thousands of groups.)
 * <p>
 * Used under the {@link GroupsEngine}'s lock only.
 */
final class LocalMembers {

  private record Membership(String scope, String group) {
  }

  /** One member: itself, the groups it joined (some maybe left since), and how many it is in. */
  private static final class Local {
    final GroupMember member;
    final List<Membership> joined = new ArrayList<>();
    int in;

    Local(GroupMember member) {
      this.member = member;
    }
  }

  private final Map<String, Local> members = new HashMap<>();
  /**
   * Join counts per group, by member id. A group joined once by one member (a member's own group, the
   * commonest kind) keeps an immutable one-entry map, one object, until a second join makes it an open
   * hash map of fastutil's (two arrays, no object per entry): every object a membership keeps is one more
   * for each young collection to copy.
   */
  private final Map<Membership, Object2IntMap<String>> counts = new HashMap<>();

  void add(GroupMember member) {
    members.put(member.id(), new Local(member));
  }

  List<Op> join(String scope, String group, GroupMember... joining) {
    Local[] locals = new Local[joining.length];
    for (int i = 0; i < joining.length; i++) {
      locals[i] = local(joining[i]);
    }
    if (joining.length == 0) {
      return List.of();
    }
    Membership membership = new Membership(scope, group);
    Object2IntMap<String> groupCounts = counts.get(membership);
    if (groupCounts == null && joining.length == 1) {
      counts.put(membership, Object2IntMaps.singleton(joining[0].id(), 1));
      return List.of(joined(membership, locals[0]));
    }
    Object2IntOpenHashMap<String> changing = mutable(membership, groupCounts, joining.length);
    List<Op> ops = new ArrayList<>(joining.length);
    for (int i = 0; i < joining.length; i++) {
      if (changing.addTo(joining[i].id(), 1) == 0) {
        ops.add(joined(membership, locals[i]));
      }
    }
    return ops;
  }

  List<Op> leave(String scope, String group, GroupMember... leaving) {
    Membership membership = new Membership(scope, group);
    Object2IntMap<String> groupCounts = counts.getOrDefault(membership, Object2IntMaps.emptyMap());
    Object2IntOpenHashMap<String> needed = new Object2IntOpenHashMap<>();
    for (GroupMember member : leaving) {
      local(member);
      if (groupCounts.getInt(member.id()) <= needed.addTo(member.id(), 1)) {
        throw new GroupsException(GroupsFailure.NOT_JOINED, "member " + member.id() + " is not in group " + group);
      }
    }
    if (leaving.length == 0) {
      return List.of();
    }
    Object2IntOpenHashMap<String> changing = mutable(membership, groupCounts, 0);
    List<Op> ops = new ArrayList<>();
    for (GroupMember member : leaving) {
      if (changing.addTo(member.id(), -1) == 1) {
        changing.removeInt(member.id());
        left(members.get(member.id()));
        ops.add(Op.leave(scope, group, member.id()));
      }
    }
    if (changing.isEmpty()) {
      counts.remove(membership);
    }
    return ops;
  }

  /** Every local member leaves the group completely (pg2 delete). */
  List<Op> clear(String scope, String group) {
    Object2IntMap<String> groupCounts = counts.remove(new Membership(scope, group));
    List<Op> ops = new ArrayList<>();
    if (groupCounts != null) {
      groupCounts.keySet().forEach(id -> {
        left(members.get(id));
        ops.add(Op.leave(scope, group, id));
      });
    }
    return ops;
  }

  /** The member is gone (its deployment was undeployed): it leaves every group. */
  List<Op> remove(String memberId) {
    Local local = members.remove(memberId);
    List<Op> ops = new ArrayList<>();
    if (local != null) {
      for (Membership membership : local.joined) {
        Object2IntMap<String> groupCounts = counts.get(membership);
        if (groupCounts != null && groupCounts.containsKey(memberId)) {
          if (groupCounts.size() == 1) {
            counts.remove(membership);
          } else {
            mutable(membership, groupCounts, 0).removeInt(memberId);
          }
          ops.add(Op.leave(membership.scope(), membership.group(), memberId));
        }
      }
    }
    return ops;
  }

  /** A join op for every current membership, for a node that asks for this node's state. */
  List<Op> snapshot() {
    List<Op> ops = new ArrayList<>();
    counts.forEach((membership, groupCounts) -> groupCounts.keySet()
      .forEach(id -> ops.add(Op.join(membership.scope(), membership.group(), members.get(id).member))));
    return ops;
  }

  /** The member joined the group for the first time: it lists the group, and the join is an op. */
  private Op joined(Membership membership, Local local) {
    local.joined.add(membership);
    local.in++;
    return Op.join(membership.scope(), membership.group(), local.member);
  }

  /**
   * The group's counts as a map that can change, in place of a one-entry immutable one or none; one made
   * here has room for {@code joining} more members without growing.
   */
  private Object2IntOpenHashMap<String> mutable(Membership membership, Object2IntMap<String> groupCounts, int joining) {
    if (groupCounts instanceof Object2IntOpenHashMap<String> changing) {
      return changing;
    }
    Object2IntOpenHashMap<String> changing = new Object2IntOpenHashMap<>(joining + 1);
    if (groupCounts != null) {
      changing.putAll(groupCounts);
    }
    counts.put(membership, changing);
    return changing;
  }

  private Local local(GroupMember member) {
    Local local = members.get(member.id());
    if (local == null) {
      throw new GroupsException(GroupsFailure.NOT_LOCAL, "member " + member.id() + " of node " + member.node()
        + " was not made on this node, or is gone");
    }
    return local;
  }

  /** The member left one group completely; its list of groups is compacted once mostly stale. */
  private void left(Local local) {
    local.in--;
    if (local.joined.size() > 2 * local.in + 8) {
      // a group left and joined again is listed twice: the set keeps it once
      Set<Membership> in = new LinkedHashSet<>();
      for (Membership membership : local.joined) {
        if (counts.getOrDefault(membership, Object2IntMaps.emptyMap()).containsKey(local.member.id())) {
          in.add(membership);
        }
      }
      local.joined.clear();
      local.joined.addAll(in);
    }
  }
}
