package multinode.pubsub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * A message as a subscriber receives it.
 *
 * @param topic the topic it was broadcast on
 * @param body a {@link JsonObject}, or a {@link Buffer} for raw payloads
 * @param headers string headers given by the publisher (never null)
 * @param fromNode the name of the node it was broadcast from
 */
public record PubSubMessage(String topic, Object body, Map<String, String> headers, String fromNode) {

  public PubSubMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(fromNode, "fromNode");
    if (!(body instanceof JsonObject) && !(body instanceof Buffer)) {
      throw new IllegalArgumentException("a message body is a JsonObject or a Buffer, not " + body);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The body as JSON; fails for a raw {@link Buffer} body. */
  public JsonObject json() {
    return (JsonObject) body;
  }
}
