package multinode.groups;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Process groups across the cluster: Erlang's {@code pg} / {@code pg2} verbs, with event-bus endpoints
 * as members.
 * <p>
 * <b>Guarantees.</b>
 * <ol>
 *   <li>Reads ({@link #members}, {@link #localMembers}, {@link #whichGroups}, {@link #closest}) are
 *       answered from this node's replica and never wait on the network.</li>
 *   <li>A member lives on the node that made it ({@link #member}); only that node changes its
 *       memberships, and it sends its changes to every node in the order it made them. Every node
 *       therefore applies one member's joins and leaves in the same order, and all replicas converge
 *       to the same view.</li>
 *   <li>A join or leave future completes once this node's replica shows it; other nodes show it
 *       about a network hop later.</li>
 *   <li>Join counts as in {@code pg}: a member joined n times is in the group until it has left n
 *       times; it is listed once.</li>
 *   <li>A member leaves every group when the deployment that made it is undeployed, and disappears
 *       from every replica when its node goes down (left, crashed, or cut off).</li>
 *   <li>A group made by {@link #create} exists, even empty, on every node until {@link #delete}
 *       (pg2); other groups exist while they have members.</li>
 * </ol>
 * Names of groups and scopes: 1 to {@value #MAX_NAME_LENGTH} characters, no control characters.
 */
public interface Groups {

  /** The longest group or scope name. */
  int MAX_NAME_LENGTH = 200;

  /** The scope of this view; {@code default} for the unnamed one. */
  String scope();

  /** An independent namespace of groups (pg scopes); throws {@link GroupsException} {@code invalid_scope} for a bad name. */
  Groups scope(String name);

  /**
   * Makes a member on this node: registers {@code handler} at a fresh event-bus address, bound to the
   * caller's context. When the caller is a verticle, the member leaves all its groups when the
   * verticle is undeployed.
   *
   * @return the member, once its address can be reached from every node; never fails but as the event bus does
   */
  Future<GroupMember> member(Handler<Message<Object>> handler, JsonObject metadata);

  /**
   * Creates a group that exists, even empty, until deleted (pg2). Idempotent.
   *
   * @return completes once the group is in the clustered map; fails with {@code invalid_group}
   */
  Future<Void> create(String group);

  /**
   * Deletes a group: it is no longer kept when empty, and every member leaves it (pg2). Idempotent.
   *
   * @return completes once the deletion is in the clustered map; fails with {@code invalid_group}
   */
  Future<Void> delete(String group);

  /**
   * Joins members made on this node to a group.
   *
   * @return completes once this node's replica shows the joins; fails with {@code invalid_group}, or
   *   {@code not_local} when a member was made on another node, changing nothing
   */
  Future<Void> join(String group, GroupMember... members);

  /**
   * Undoes one join per member.
   *
   * @return completes once this node's replica shows the leaves; fails with {@code invalid_group},
   *   {@code not_local}, or {@code not_joined} when a member is not in the group, changing nothing
   */
  Future<Void> leave(String group, GroupMember... members);

  /** The members of a group, every node's, ordered by when this node saw them join; throws {@code invalid_group}. */
  List<GroupMember> members(String group);

  /** The members of a group that live on this node; throws {@code invalid_group}. */
  List<GroupMember> localMembers(String group);

  /** The scopes that have groups now, on any node (a read of this node's replica); {@code default} among them once used. */
  Set<String> scopes();

  /** The groups that exist: created ones and those with members. */
  Set<String> whichGroups();

  /**
   * The memberships of every group of this scope, on every node or only of members living on this node (a
   * read of this node's replica, one pass over its groups).
   */
  default int memberCount(boolean localOnly) {
    return whichGroups().stream().mapToInt(group -> localOnly ? localMembers(group).size() : members(group).size()).sum();
  }

  /** Whether the group exists: created, or with members (a read of this node's replica); throws {@code invalid_group}. */
  boolean exists(String group);

  /** Whether the group was made by {@link #create} (and not deleted since), not only joined; throws {@code invalid_group}. */
  boolean created(String group);

  /**
   * A member of the group on this node if there is one, else any member (chosen at random).
   *
   * @return the member; fails with {@code invalid_group}, or {@code no_process} when the group is empty
   */
  Future<GroupMember> closest(String group);

  /** Sends to the closest member; fails as {@link #closest}. */
  Future<Void> sendToClosest(String group, Object message);

  /** Requests the closest member and returns its reply; fails as {@link #closest}, or as the request does. */
  <T> Future<Message<T>> requestClosest(String group, Object message);

  /** Sends the message to each member of the group once; returns how many were sent to (0 when empty); fails with {@code invalid_group}. */
  Future<Integer> publishToGroup(String group, Object message);

  /** Watches one group: the snapshot, then its join and leave events; fails with {@code invalid_group}. */
  Future<GroupMonitor> monitor(String group, Handler<GroupEvent> handler);

  /** Watches every group of this scope. */
  Future<GroupMonitor> monitorAll(Handler<GroupEvent> handler);
}
