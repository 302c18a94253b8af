package multinode.pubsub.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import multinode.pubsub.PubSubMessage;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The wire form of a message between nodes: {@code {"b": json} or {"r": base64}, "h"?: headers}}; the
 * topic and the sending node travel once per batch, beside it.
 */
public final class Envelopes {

  private Envelopes() {
  }

  /** The message without its topic and node. */
  public static JsonObject encode(PubSubMessage message) {
    JsonObject json = message.body() instanceof Buffer raw
      ? new JsonObject().put("r", Base64.getEncoder().encodeToString(raw.getBytes()))
      : new JsonObject().put("b", message.body());
    if (!message.headers().isEmpty()) {
      json.put("h", new JsonObject(new HashMap<>(message.headers())));
    }
    return json;
  }

  /** The inverse of {@link #encode}. */
  public static PubSubMessage decode(String topic, String fromNode, JsonObject json) {
    Object body = json.containsKey("r")
      ? Buffer.buffer(Base64.getDecoder().decode(json.getString("r")))
      : json.getJsonObject("b");
    JsonObject encodedHeaders = json.getJsonObject("h");
    if (encodedHeaders == null) {
      return new PubSubMessage(topic, body, Map.of(), fromNode);
    }
    Map<String, String> headers = new HashMap<>();
    encodedHeaders.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new PubSubMessage(topic, body, headers, fromNode);
  }
}
