package multinode.node;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * What one node of the cluster tells the others about itself.
 *
 * @param name the node's name, unique in the cluster, e.g. {@code multinode@10.0.0.5}
 * @param id the Vert.x node id (a UUID, new at every start)
 * @param eventBusHost the host other nodes reach its event bus on; null when not clustered
 * @param eventBusPort the port of its event bus; 0 when not clustered
 * @param httpUrl the URL of its HTTP server, as browsers and other nodes should use it
 * @param upSince when the node started
 */
public record NodeInfo(String name, String id, String eventBusHost, int eventBusPort, String httpUrl, Instant upSince) {

  public NodeInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(upSince, "upSince");
  }

  /** {@code host:port} of its event bus, or null when the node runs alone. */
  public String eventBus() {
    return eventBusHost == null ? null : eventBusHost + ":" + eventBusPort;
  }

  /** The JSON form served by {@code /api/nodes} and carried in node events. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("name", name)
      .put("id", id)
      .put("eventBus", eventBus())
      .put("httpUrl", httpUrl)
      .put("upSince", upSince.toString());
  }

  /** The inverse of {@link #toJson()}. */
  public static NodeInfo fromJson(JsonObject json) {
    String eventBus = json.getString("eventBus");
    int colon = eventBus == null ? -1 : eventBus.lastIndexOf(':');
    return new NodeInfo(json.getString("name"), json.getString("id"),
      colon < 0 ? null : eventBus.substring(0, colon),
      colon < 0 ? 0 : Integer.parseInt(eventBus.substring(colon + 1)),
      json.getString("httpUrl"), Instant.parse(json.getString("upSince")));
  }
}
