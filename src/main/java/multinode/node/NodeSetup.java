package multinode.node;

import com.hazelcast.config.Config;
import io.vertx.core.json.JsonObject;
import multinode.config.NodeConfig;
import multinode.node.impl.HazelcastSetup;
import multinode.node.impl.NodeMetadata;

/**
 * What starting a node's Vert.x needs from this capability: the Hazelcast configuration it joins its
 * cluster with, and the metadata its event bus carries for the other nodes to read.
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
}
