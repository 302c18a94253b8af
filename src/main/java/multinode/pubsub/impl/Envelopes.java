package multinode.pubsub.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Protocol;
import multinode.pubsub.PubSubMessage;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of messages between nodes, shared by the adapters: a batch of one topic's messages from
 * one node, {@code {"v": protocol, "from": node, "topic": topic, "messages": [{"b": json} or {"r": base64}, "h"?: headers}, …]}}.
 * A batch of another protocol version (a node of another release) is not read.
 */
public final class Envelopes {

  static final Protocol PROTOCOL = new Protocol("pubsub", 1);

  private Envelopes() {
  }

  /** One batch: messages of one topic from the node {@code from}, in order. */
  public static JsonObject batch(String from, String topic, List<PubSubMessage> messages) {
    JsonArray encoded = new JsonArray(new ArrayList<>(messages.size()));
    messages.forEach(m -> encoded.add(encode(m)));
    return PROTOCOL.stamp(new JsonObject()).put("from", from).put("topic", topic).put("messages", encoded);
  }

  /** The messages of a batch, in order; none when it is of another protocol version. */
  public static List<PubSubMessage> messages(JsonObject batch) {
    String from = batch.getString("from");
    if (!PROTOCOL.understood(batch, from)) {
      return List.of();
    }
    String topic = batch.getString("topic");
    JsonArray encoded = batch.getJsonArray("messages");
    List<PubSubMessage> messages = new ArrayList<>(encoded.size());
    for (int i = 0; i < encoded.size(); i++) {
      messages.add(decode(topic, from, encoded.getJsonObject(i)));
    }
    return messages;
  }

  /** The message without its topic and node. */
  static JsonObject encode(PubSubMessage message) {
    JsonObject json = message.body() instanceof Buffer raw
      ? new JsonObject().put("r", Base64.getEncoder().encodeToString(raw.getBytes()))
      : new JsonObject().put("b", message.body());
    if (!message.headers().isEmpty()) {
      json.put("h", new JsonObject(new HashMap<>(message.headers())));
    }
    return json;
  }

  /** The inverse of {@link #encode}. */
  static PubSubMessage decode(String topic, String fromNode, JsonObject json) {
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
