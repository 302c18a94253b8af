package multinode.groups.impl;

import multinode.groups.GroupMember;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * This node's copy of every group: who is in which group of which scope, and which groups were created.
 * <p>
 * Written only under the {@link GroupsEngine}'s lock, from whichever thread holds it; read from any thread. Each group caches an immutable list of
 * its members, rebuilt on the first read after a change, so a read is one volatile load however big
 * the group and a join never copies the group.
 */
final class Replica {

  /** One membership, as indexed by the node that owns the member. */
  record Key(String scope, String group, String memberId) {
  }

  private final String selfId;
  private final Map<String, Map<String, GroupState>> scopes = new ConcurrentHashMap<>();
  /**
   * The groups in which each node owns members. Kept per group, not per membership: a join then touches
   * this index only for a node's first member in a group, and the index stays as small as the groups
   * (a node with 450,000 memberships spent 40 % of each join adding to a set that size).
   */
  private final Map<String, Set<GroupState>> byOwner = new HashMap<>();

  Replica(String selfId) {
    this.selfId = selfId;
  }

  // ---- reads (any thread) ----------------------------------------------------------------------

  List<GroupMember> members(String scope, String group) {
    GroupState state = state(scope, group);
    return state == null ? List.of() : state.all();
  }

  List<GroupMember> localMembers(String scope, String group) {
    GroupState state = state(scope, group);
    return state == null ? List.of() : state.local();
  }

  boolean exists(String scope, String group) {
    GroupState state = state(scope, group);
    return state != null && state.exists();
  }

  boolean created(String scope, String group) {
    GroupState state = state(scope, group);
    return state != null && state.created;
  }

  Set<String> whichGroups(String scope) {
    return scopes.getOrDefault(scope, Map.of()).entrySet().stream()
      .filter(e -> e.getValue().exists()).map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
  }

  Set<String> scopes() {
    return scopes.entrySet().stream().filter(e -> e.getValue().values().stream().anyMatch(GroupState::exists))
      .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
  }

  Map<String, List<GroupMember>> snapshot(String scope) {
    Map<String, List<GroupMember>> snapshot = new LinkedHashMap<>();
    whichGroups(scope).stream().sorted().forEach(group -> snapshot.put(group, members(scope, group)));
    return snapshot;
  }

  /** The created groups, as {@code scope \n group} keys of the clustered map. */
  Set<String> createdKeys() {
    Set<String> keys = new HashSet<>();
    scopes.forEach((scope, groups) -> groups.forEach((group, state) -> {
      if (state.created) {
        keys.add(CreatedGroups.key(scope, group));
      }
    }));
    return keys;
  }

  /** Every membership of members owned by {@code ownerId}. */
  List<Key> owned(String ownerId) {
    List<Key> keys = new ArrayList<>();
    for (GroupState state : byOwner.getOrDefault(ownerId, Set.of())) {
      state.idsOwnedBy(ownerId).forEach(id -> keys.add(new Key(state.scope, state.group, id)));
    }
    return keys;
  }

  GroupMember member(Key key) {
    GroupState state = state(key.scope(), key.group());
    return state == null ? null : state.get(key.memberId());
  }

  // ---- writes (under the engine's lock) --------------------------------------------------------

  /** Adds a membership; returns whether it is new. */
  boolean join(String scope, String group, GroupMember member) {
    GroupState state = stateFor(scope, group);
    if (!state.put(member)) {
      return false;
    }
    if (state.ownedBy(member.nodeId()) == 1) {
      byOwner.computeIfAbsent(member.nodeId(), o -> new HashSet<>()).add(state);
    }
    return true;
  }

  /** Removes a membership; returns the member that left, or null if it was not there. */
  GroupMember leave(String scope, String group, String memberId) {
    GroupState state = state(scope, group);
    GroupMember member = state == null ? null : state.remove(memberId);
    if (member == null) {
      return null;
    }
    if (state.ownedBy(member.nodeId()) == 0) {
      Set<GroupState> owned = byOwner.get(member.nodeId());
      if (owned != null && owned.remove(state) && owned.isEmpty()) {
        byOwner.remove(member.nodeId());
      }
    }
    dropIfGone(scope, group, state);
    return member;
  }

  /** Marks a group created or not (pg2 create/delete). */
  void setCreated(String scope, String group, boolean created) {
    GroupState state = stateFor(scope, group);
    state.created = created;
    dropIfGone(scope, group, state);
  }

  /** Told of each membership {@link #dropOwner} removes. */
  @FunctionalInterface
  interface Left {
    void left(String scope, String group, GroupMember member);
  }

  /**
   * Removes every membership of a node's members, telling {@code left} of each: the caller makes an
   * event only for a group someone watches (a node that goes down may have held hundreds of thousands).
   */
  void dropOwner(String ownerId, Left left) {
    for (Key key : owned(ownerId)) {
      GroupMember member = leave(key.scope(), key.group(), key.memberId());
      if (member != null) {
        left.left(key.scope(), key.group(), member);
      }
    }
  }

  /** Owners with memberships here. */
  Set<String> owners() {
    return Set.copyOf(byOwner.keySet());
  }

  private GroupState state(String scope, String group) {
    Map<String, GroupState> groups = scopes.get(scope);
    return groups == null ? null : groups.get(group);
  }

  /** The group's state, made if it has none; writers only (a lambda capturing the scope would be one object per join). */
  private GroupState stateFor(String scope, String group) {
    Map<String, GroupState> groups = scopes.computeIfAbsent(scope, s -> new ConcurrentHashMap<>());
    GroupState state = groups.get(group);
    if (state == null) {
      state = new GroupState(scope, group, selfId);
      groups.put(group, state);
    }
    return state;
  }

  private void dropIfGone(String scope, String group, GroupState state) {
    if (!state.exists()) {
      scopes.get(scope).remove(group, state);
    }
  }

  /**
   * One group: its members in join order, with cached immutable views.
   * <p>
   * Most groups are small (a member's own group, a room of a few), and a node holds hundreds of
   * thousands of them, so a group of up to {@value #SMALL} members is one array searched in order, and
   * its owners are counted by reading it; a bigger group moves to a {@link MemberTable} and a count per
   * owner.
   * Each object a group keeps is one more for every young collection to copy while the group is new:
   * a one-member group is two objects here (the state and its array), where a map of members and a map
   * of owners made it seven.
   */
  private static final class GroupState {
    private static final int SMALL = 8;
    private static final GroupMember[] NONE = new GroupMember[0];

    final String scope;
    final String group;
    private final String selfId;
    /** The members in join order while there are at most {@value #SMALL}: the first {@code size} slots. */
    private GroupMember[] small = NONE;
    private int size;
    /** The members by id in join order, and how many each node owns, once the group outgrew {@link #small}. */
    private MemberTable large;
    private Map<String, Integer> owners;
    private volatile boolean created;
    private volatile List<GroupMember> all = List.of();
    private volatile List<GroupMember> local = List.of();
    private volatile boolean stale;

    GroupState(String scope, String group, String selfId) {
      this.scope = scope;
      this.group = group;
      this.selfId = selfId;
    }

    synchronized boolean put(GroupMember member) {
      if (large != null) {
        if (!large.add(member)) {
          return false;
        }
        owners.merge(member.nodeId(), 1, Integer::sum);
      } else if (indexOf(member.id()) >= 0) {
        return false;
      } else if (size < SMALL) {
        if (size == small.length) {
          small = Arrays.copyOf(small, Math.max(1, 2 * size));
        }
        small[size++] = member;
      } else {
        large = new MemberTable();
        owners = new HashMap<>(4);
        for (int i = 0; i < size; i++) {
          large.add(small[i]);
          owners.merge(small[i].nodeId(), 1, Integer::sum);
        }
        small = NONE;
        size = 0;
        return put(member);
      }
      stale = true;
      return true;
    }

    synchronized GroupMember remove(String memberId) {
      GroupMember removed;
      if (large != null) {
        removed = large.remove(memberId);
        if (removed != null) {
          owners.computeIfPresent(removed.nodeId(), (node, n) -> n == 1 ? null : n - 1);
        }
      } else {
        int at = indexOf(memberId);
        if (at < 0) {
          return null;
        }
        removed = small[at];
        System.arraycopy(small, at + 1, small, at, size - at - 1);
        small[--size] = null;
      }
      stale |= removed != null;
      return removed;
    }

    synchronized int ownedBy(String nodeId) {
      if (large != null) {
        return owners.getOrDefault(nodeId, 0);
      }
      int owned = 0;
      for (int i = 0; i < size; i++) {
        if (small[i].nodeId().equals(nodeId)) {
          owned++;
        }
      }
      return owned;
    }

    synchronized List<String> idsOwnedBy(String nodeId) {
      return members().stream().filter(m -> m.nodeId().equals(nodeId)).map(GroupMember::id).toList();
    }

    synchronized GroupMember get(String memberId) {
      if (large != null) {
        return large.get(memberId);
      }
      int at = indexOf(memberId);
      return at < 0 ? null : small[at];
    }

    synchronized boolean exists() {
      return created || size > 0 || large != null && large.size() > 0;
    }

    List<GroupMember> all() {
      if (stale) {
        refresh();
      }
      return all;
    }

    List<GroupMember> local() {
      if (stale) {
        refresh();
      }
      return local;
    }

    private int indexOf(String memberId) {
      for (int i = 0; i < size; i++) {
        if (small[i].id().equals(memberId)) {
          return i;
        }
      }
      return -1;
    }

    /** The members in join order; call holding this state's lock. */
    private List<GroupMember> members() {
      return large != null ? large.members() : List.of(Arrays.copyOf(small, size));
    }

    private synchronized void refresh() {
      if (stale) {
        all = members();
        local = all.stream().filter(m -> m.nodeId().equals(selfId)).toList();
        stale = false;
      }
    }
  }
}
