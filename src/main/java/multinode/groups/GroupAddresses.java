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

  /** The address of one member's handler. */
  public static String member(String memberId) {
    return "multinode.groups.member." + memberId;
  }
}
