package multinode.groups.impl;

import multinode.groups.GroupEvent;
import multinode.groups.GroupEvent.Type;
import multinode.groups.GroupMember;

import java.util.ArrayList;
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

  /** One group of one scope. */
  private record GroupRef(String scope, String group) {
  }

  private final String selfId;
  private final Map<String, Map<String, GroupState>> scopes = new ConcurrentHashMap<>();
  /**
   * The groups in which each node owns members. Kept per group, not per membership: a join then touches
   * this index only for a node's first member in a group, and the index stays as small as the groups
   * (a node with 450,000 memberships spent 40 % of each join adding to a set that size).
   */
  private final Map<String, Set<GroupRef>> byOwner = new HashMap<>();

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
    for (GroupRef ref : byOwner.getOrDefault(ownerId, Set.of())) {
      GroupState state = state(ref.scope(), ref.group());
      if (state != null) {
        state.idsOwnedBy(ownerId).forEach(id -> keys.add(new Key(ref.scope(), ref.group(), id)));
      }
    }
    return keys;
  }

  GroupMember member(Key key) {
    GroupState state = state(key.scope(), key.group());
    return state == null ? null : state.get(key.memberId());
  }

  // ---- writes (under the engine's lock) --------------------------------------------------------

  /** Adds a membership; returns the join event, or null if it was there already. */
  GroupEvent join(String scope, String group, GroupMember member) {
    GroupState state = scopes.computeIfAbsent(scope, s -> new ConcurrentHashMap<>())
      .computeIfAbsent(group, g -> new GroupState(selfId));
    if (!state.put(member)) {
      return null;
    }
    if (state.ownedBy(member.nodeId()) == 1) {
      byOwner.computeIfAbsent(member.nodeId(), o -> new HashSet<>()).add(new GroupRef(scope, group));
    }
    return new GroupEvent(Type.JOIN, scope, group, member);
  }

  /** Removes a membership; returns the leave event, or null if it was not there. */
  GroupEvent leave(String scope, String group, String memberId) {
    GroupState state = state(scope, group);
    GroupMember member = state == null ? null : state.remove(memberId);
    if (member == null) {
      return null;
    }
    if (state.ownedBy(member.nodeId()) == 0) {
      Set<GroupRef> owned = byOwner.get(member.nodeId());
      if (owned != null && owned.remove(new GroupRef(scope, group)) && owned.isEmpty()) {
        byOwner.remove(member.nodeId());
      }
    }
    dropIfGone(scope, group, state);
    return new GroupEvent(Type.LEAVE, scope, group, member);
  }

  /** Marks a group created or not (pg2 create/delete). */
  void setCreated(String scope, String group, boolean created) {
    GroupState state = scopes.computeIfAbsent(scope, s -> new ConcurrentHashMap<>())
      .computeIfAbsent(group, g -> new GroupState(selfId));
    state.created = created;
    dropIfGone(scope, group, state);
  }

  /** Removes every membership of a node's members; returns the leave events. */
  List<GroupEvent> dropOwner(String ownerId) {
    List<GroupEvent> events = new ArrayList<>();
    for (Key key : owned(ownerId)) {
      GroupEvent event = leave(key.scope(), key.group(), key.memberId());
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  /** Owners with memberships here. */
  Set<String> owners() {
    return Set.copyOf(byOwner.keySet());
  }

  private GroupState state(String scope, String group) {
    Map<String, GroupState> groups = scopes.get(scope);
    return groups == null ? null : groups.get(group);
  }

  private void dropIfGone(String scope, String group, GroupState state) {
    if (!state.exists()) {
      scopes.get(scope).remove(group, state);
    }
  }

  /** One group: its members in join order, with cached immutable views. */
  private static final class GroupState {
    private final LinkedHashMap<String, GroupMember> members = new LinkedHashMap<>();
    /** How many members each node owns here. */
    private final Map<String, Integer> owners = new HashMap<>(4);
    private final String selfId;
    private volatile boolean created;
    private volatile List<GroupMember> all = List.of();
    private volatile List<GroupMember> local = List.of();
    private volatile boolean stale;

    GroupState(String selfId) {
      this.selfId = selfId;
    }

    synchronized boolean put(GroupMember member) {
      if (members.putIfAbsent(member.id(), member) != null) {
        return false;
      }
      owners.merge(member.nodeId(), 1, Integer::sum);
      stale = true;
      return true;
    }

    synchronized GroupMember remove(String memberId) {
      GroupMember removed = members.remove(memberId);
      if (removed != null) {
        owners.computeIfPresent(removed.nodeId(), (node, n) -> n == 1 ? null : n - 1);
        stale = true;
      }
      return removed;
    }

    synchronized int ownedBy(String nodeId) {
      return owners.getOrDefault(nodeId, 0);
    }

    synchronized List<String> idsOwnedBy(String nodeId) {
      return members.values().stream().filter(m -> m.nodeId().equals(nodeId)).map(GroupMember::id).toList();
    }

    synchronized GroupMember get(String memberId) {
      return members.get(memberId);
    }

    synchronized boolean exists() {
      return created || !members.isEmpty();
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

    private synchronized void refresh() {
      if (stale) {
        all = List.copyOf(members.values());
        local = members.values().stream().filter(m -> m.nodeId().equals(selfId)).toList();
        stale = false;
      }
    }
  }
}
