package multinode.bridge.impl;

import io.vertx.core.json.JsonObject;

/**
 * Deliveries encoded once per bridge: a room event or a topic's broadcast reaches every socket that
 * registered it as the same object, one socket after another, so the last encoding is reused while the
 * object and address stay the same: as text, and as WebSocket bytes ({@link Frame}).
 */
public final class Frames {

  private record Encoded(Object body, String address, Frame frame) {
  }

  private final Wire wire;
  private volatile Encoded last;

  private Frames(Wire wire) {
    this.wire = wire;
  }

  /** For the sockets of one SockJS bridge. */
  public static Frames sockJs() {
    return new Frames(Wire.SOCKJS);
  }

  /** For the connections of one TCP bridge. */
  public static Frames tcp() {
    return new Frames(Wire.TCP);
  }

  Wire wire() {
    return wire;
  }

  Frame delivery(String address, Object body) {
    Encoded encoded = last;
    if (encoded == null || encoded.body() != body || !encoded.address().equals(address)) {
      encoded = new Encoded(body, address, Frame.delivery(wire.message(address, body, false).encode()));
      last = encoded;
    }
    return encoded.frame();
  }
}
