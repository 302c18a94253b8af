package multinode.node;

/** Event-bus addresses of the node capability. */
public final class NodeAddresses {

  /** This node's view of node up/down events, published locally as {@link NodeEvent#toJson()}. */
  public static final String EVENTS = "multinode.nodes.events";

  /** This node's side of a partition merged into the other side, published locally with the time. */
  public static final String MERGES = "multinode.nodes.merges";

  private NodeAddresses() {
  }

  /** Where a node answers pings. */
  public static String ping(String nodeId) {
    return "multinode.node." + nodeId + ".ping";
  }

  /** Where a node hears that another is about to leave cleanly. */
  public static String goodbye(String nodeId) {
    return "multinode.node." + nodeId + ".goodbye";
  }
}
