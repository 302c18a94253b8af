package multinode.node.impl;

import io.vertx.core.json.JsonObject;
import multinode.config.HttpSettings;
import multinode.config.NodeConfig;
import multinode.node.NodeInfo;

import java.time.Instant;

/**
 * What a node publishes about itself in its Vert.x cluster node metadata, and how others read it.
 * <p>
 * The metadata is fixed before the node joins, when its event-bus address is not known yet; so when
 * no explicit HTTP URL can be given, the reader derives it from the host the node's event bus is
 * reached on, which is the address other machines see it by.
 */
public final class NodeMetadata {

  /** The Hazelcast member attribute where Vert.x keeps its node id. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private NodeMetadata() {
  }

  /** The metadata of this node, to set with {@code EventBusOptions.setClusterNodeMetadata}. */
  public static JsonObject of(NodeConfig config) {
    JsonObject meta = new JsonObject()
      .put("name", config.name())
      .put("httpPort", config.http().port())
      .put("upSince", Instant.now().toString());
    String url = config.http().explicitUrl();
    return url == null ? meta : meta.put("httpUrl", url);
  }

  /** Whether a cluster member's node info is a multinode node's (other Vert.x services may share the cluster). */
  static boolean isNode(io.vertx.core.spi.cluster.NodeInfo info) {
    return info != null && info.metadata() != null && info.metadata().getValue("name") instanceof String;
  }

  /** Reads a node's Vert.x node info back into a {@link NodeInfo}. */
  static NodeInfo toNodeInfo(String nodeId, io.vertx.core.spi.cluster.NodeInfo info) {
    JsonObject meta = info.metadata() == null ? new JsonObject() : info.metadata();
    String url = meta.getString("httpUrl", "http://" + info.host() + ":" + meta.getInteger("httpPort", 0));
    Instant upSince = meta.containsKey("upSince") ? Instant.parse(meta.getString("upSince")) : Instant.EPOCH;
    return new NodeInfo(meta.getString("name", nodeId), nodeId, info.host(), info.port(), url, upSince);
  }
}
