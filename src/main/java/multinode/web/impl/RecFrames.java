package multinode.web.impl;

import io.vertx.core.json.JsonObject;

/**
 * Room events as {@code rec} frames, encoded once per node: the chat hands the same event object to
 * every socket of a room in turn, so the last encoding is reused while the object stays the same.
 */
final class RecFrames {

  private record Encoded(JsonObject event, String address, String frame) {
  }

  private volatile Encoded last;

  String frame(String address, JsonObject event) {
    Encoded encoded = last;
    if (encoded == null || encoded.event() != event || !encoded.address().equals(address)) {
      encoded = new Encoded(event, address,
        new JsonObject().put("type", "rec").put("address", address).put("body", event).encode());
      last = encoded;
    }
    return encoded.frame();
  }
}
