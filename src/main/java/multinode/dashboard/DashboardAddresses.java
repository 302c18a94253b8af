package multinode.dashboard;

import java.util.List;

/**
 * The dashboard's addresses. A bridge client (the dashboard page, or a service over the TCP bridge) may
 * send to {@link #SNAPSHOT} with a reply address and register the {@link #STREAMS}; nothing else of the
 * dashboard's, and nothing else at all on the dashboard's own bridge ({@code multinode.bridge.BridgePermissions}).
 */
public final class DashboardAddresses {

  /** Every dashboard address starts with this. */
  public static final String PREFIX = "multinode.dashboard.";

  /** Send, with a reply address: the whole picture now ({@link Dashboard#snapshot()}). */
  public static final String SNAPSHOT = PREFIX + "snapshot";

  /** Register: every node's figures each second, and a node coming up or going down at once. */
  public static final String NODES = PREFIX + "nodes";

  /** Register: process groups' members per node as they change, with the join and leave events ({@code pg:monitor}). */
  public static final String GROUPS = PREFIX + "groups";

  /** Register: pubsub topics, chat rooms with who is in them, and service records, every 2 s. */
  public static final String CLUSTER = PREFIX + "cluster";

  /** Register: the event feed (nodes up and down, group joins and leaves, merges, fail-overs). */
  public static final String FEED = PREFIX + "feed";

  /** The streams a client may register. */
  public static final List<String> STREAMS = List.of(NODES, GROUPS, CLUSTER, FEED);

  /** Between nodes only: merges and fail-overs, published by the node that saw them. */
  public static final String NOTICES = PREFIX + "notices";

  private DashboardAddresses() {
  }

  /** Between nodes only: where a node answers with its own figures. */
  public static String figures(String nodeId) {
    return PREFIX + "figures." + nodeId;
  }
}
