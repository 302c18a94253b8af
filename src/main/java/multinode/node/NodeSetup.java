package multinode.node;

import ch.qos.logback.classic.turbo.TurboFilter;
import com.hazelcast.config.Config;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import multinode.config.NodeConfig;
import multinode.node.impl.ClusterTransitions;
import multinode.node.impl.HazelcastSetup;
import multinode.node.impl.NodeMetadata;
import multinode.node.impl.PinnedAddresses;

/**
 * What starting a node's Vert.x needs from this capability: the Hazelcast configuration it joins its
 * cluster with, the cluster manager, the metadata its event bus carries for the other nodes to read, and the log filter that
 * keeps the cluster's transitions to one line each.
 */
public final class NodeSetup {

  private NodeSetup() {
  }

  /** The Hazelcast configuration of a node: its cluster name from the cookie, its discovery, failure detection. */
  public static Config hazelcast(NodeConfig config) {
    return HazelcastSetup.config(config);
  }

  /**
   * The cluster manager: Hazelcast's, with the addresses under {@code pinnedPrefix} resolved from the node
   * id they name ({@code <pinnedPrefix><nodeId>.…}) instead of from the cluster's subscription map. Such an
   * address must have one consumer, on the node it names.
   */
  public static ClusterManager clusterManager(Config hazelcast, String pinnedPrefix) {
    return new PinnedAddresses(hazelcast, pinnedPrefix);
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
