package multinode.groups;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * One member of a process group: an event-bus endpoint on one node, like a pid in Erlang's {@code pg}.
 * <p>
 * Members are made by {@link Groups#member}, which registers the endpoint on the caller's node; a
 * member never outlives its node or the deployment that made it.
 *
 * @param id unique id of the member (a UUID)
 * @param node the name of the node it lives on
 * @param nodeId the Vert.x node id of that node
 * @param address the event-bus address its handler listens on
 * @param deploymentId the deployment that made it, or null when made outside a verticle
 * @param metadata free JSON the member was made with (never null)
 */
public record GroupMember(String id, String node, String nodeId, String address, String deploymentId,
                          JsonObject metadata) {

  public GroupMember {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(address, "address");
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  /** {@code {"id","node","nodeId","address","deploymentId"?,"metadata"}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("node", node).put("nodeId", nodeId).put("address", address);
    if (deploymentId != null) {
      json.put("deploymentId", deploymentId);
    }
    return json.put("metadata", metadata);
  }

  /** The inverse of {@link #toJson()}. */
  public static GroupMember fromJson(JsonObject json) {
    return new GroupMember(json.getString("id"), json.getString("node"), json.getString("nodeId"),
      json.getString("address"), json.getString("deploymentId"), json.getJsonObject("metadata"));
  }
}
