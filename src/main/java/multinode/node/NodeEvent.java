package multinode.node;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A node joined or left the cluster, as seen by this node ({@code :net_kernel.monitor_nodes}).
 * <p>
 * Every node reports each change once, in the order it observed them; the JSON form is published on
 * this node's event bus at {@link NodeAddresses#EVENTS}.
 *
 * @param type up or down
 * @param node the node concerned
 * @param reason why a node went down; null for up
 */
public record NodeEvent(Type type, NodeInfo node, Reason reason) {

  /** Whether the node came or went. */
  public enum Type {
    /** The node joined and its event bus can be reached. */
    UP,
    /** The node is no longer a member. */
    DOWN
  }

  /** Why a node went down. */
  public enum Reason {
    /** It said goodbye before leaving: a clean stop (SIGTERM, Ctrl-C, close). */
    LEFT,
    /** It vanished without a goodbye: killed, crashed, hung past the failure timeout or cut off. */
    CRASHED
  }

  public NodeEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(node, "node");
    if ((type == Type.DOWN) != (reason != null)) {
      throw new IllegalArgumentException("a down event needs a reason and an up event has none");
    }
  }

  /** The node joined. */
  public static NodeEvent up(NodeInfo node) {
    return new NodeEvent(Type.UP, node, null);
  }

  /** The node left, cleanly or not. */
  public static NodeEvent down(NodeInfo node, Reason reason) {
    return new NodeEvent(Type.DOWN, node, reason);
  }

  /** {@code {"type":"node_up"|"node_down","node":{…},"reason":"left"|"crashed"}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("type", type == Type.UP ? "node_up" : "node_down")
      .put("node", node.toJson());
    return reason == null ? json : json.put("reason", reason.name().toLowerCase());
  }

  /** The inverse of {@link #toJson()}. */
  public static NodeEvent fromJson(JsonObject json) {
    NodeInfo node = NodeInfo.fromJson(json.getJsonObject("node"));
    String reason = json.getString("reason");
    return "node_up".equals(json.getString("type"))
      ? up(node)
      : down(node, Reason.valueOf(reason.toUpperCase()));
  }

  /** One line for the log: {@code node up: a@h} or {@code node down: a@h (crashed)}. */
  @Override
  public String toString() {
    return type == Type.UP
      ? "node up: " + node.name()
      : "node down: " + node.name() + " (" + reason.name().toLowerCase() + ")";
  }
}
