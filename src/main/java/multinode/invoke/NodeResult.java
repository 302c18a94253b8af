package multinode.invoke;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * One node's part of a {@link Invoke#multicall}: {@code ok} and the value, or the failure.
 *
 * @param node the node's name
 * @param value the task's result when it succeeded
 * @param failure why it failed on that node; null when it succeeded
 * @param message the failure's one-line message; null when it succeeded
 */
public record NodeResult(String node, Object value, InvokeFailure failure, String message) {

  public NodeResult {
    Objects.requireNonNull(node, "node");
  }

  /** The task succeeded on that node. */
  public static NodeResult ok(String node, Object value) {
    return new NodeResult(node, value, null, null);
  }

  /** The task failed on that node. */
  public static NodeResult error(String node, InvokeException failure) {
    return new NodeResult(node, null, failure.failure(), failure.getMessage());
  }

  /** Whether the task succeeded on that node. */
  public boolean ok() {
    return failure == null;
  }

  /** {@code {"node":…,"ok":true,"value":…}} or {@code {"node":…,"ok":false,"error":"timeout","message":…}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("node", node).put("ok", ok());
    return ok() ? json.put("value", value) : json.put("error", failure.code()).put("message", message);
  }
}
