package multinode.invoke;

/**
 * Event-bus addresses of the invoke capability. None of them is ever permitted through the browser or
 * TCP bridges: running tasks is for nodes of the cluster (and the node's own HTTP API) only.
 */
public final class InvokeAddresses {

  /** Every invoke address starts with this; bridges refuse the whole prefix. */
  public static final String PREFIX = "multinode.node.";

  private InvokeAddresses() {
  }

  /** Where a node takes calls, spawns, cancels and output acknowledgements. */
  public static String requests(String nodeId) {
    return PREFIX + nodeId + ".invoke";
  }

  /** Where a node receives the output and the end of the tasks it spawned elsewhere. */
  public static String output(String nodeId) {
    return PREFIX + nodeId + ".invoke.output";
  }
}
