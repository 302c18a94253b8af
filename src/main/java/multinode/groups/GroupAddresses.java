package multinode.groups;

/** Event-bus addresses of the groups capability. */
public final class GroupAddresses {

  /** Membership changes, published by each node for its own members (internal). */
  public static final String OPS = "multinode.groups.ops";

  /** Request API for other services: {@code {"action": "…", "scope"?, "group"?, "message"?}}. */
  public static final String API = "multinode.groups.api";

  private GroupAddresses() {
  }

  /** Where a node answers with a snapshot of its own members (internal). */
  public static String sync(String nodeId) {
    return "multinode.groups." + nodeId + ".sync";
  }

  /**
   * Members' addresses begin with this and then name their node: {@code <prefix><nodeId>.<memberId>}. The
   * cluster resolves them from that node id (each has one consumer, on that node) instead of keeping each
   * one in its subscription map, so a member costs the cluster nothing to make or to drop.
   */
  public static final String MEMBER_PREFIX = "multinode.groups.member.";

  /** The address of one member's handler, on the node with this Vert.x node id. */
  public static String member(String nodeId, String memberId) {
    return MEMBER_PREFIX + nodeId + "." + memberId;
  }
}
