package multinode.node;

import ch.qos.logback.classic.turbo.TurboFilter;
import com.hazelcast.config.Config;
import io.vertx.core.json.JsonObject;
import multinode.config.NodeConfig;
import multinode.node.impl.ClusterTransitions;
import multinode.node.impl.HazelcastSetup;
import multinode.node.impl.NodeMetadata;

/**
 * What starting a node's Vert.x needs from this capability: the Hazelcast configuration it joins its
 * cluster with, the metadata its event bus carries for the other nodes to read, and the log filter that
 * keeps the cluster's transitions to one line each.
 */
public final class NodeSetup {

  private NodeSetup() {
  }

  /** The Hazelcast configuration of a node: its cluster name from the cookie, its discovery, failure detection. */
  public static Config hazelcast(NodeConfig config) {
    return HazelcastSetup.config(config);
  }

  /** The metadata to set with {@code EventBusOptions.setClusterNodeMetadata}: name, HTTP port and URL, start time. */
  public static JsonObject eventBusMetadata(NodeConfig config) {
    return NodeMetadata.of(config);
  }

  /**
   * Holds back Hazelcast's and the event bus's warnings of a member joining, leaving, crashing or merging:
   * the node up/down lines say those transitions.
   */
  public static TurboFilter transitionsLogFilter() {
    return new ClusterTransitions();
  }
}
