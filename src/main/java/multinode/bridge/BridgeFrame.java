package multinode.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One frame of the Vert.x event-bus bridge protocol, as both of multinode's bridges (SockJS for
 * browsers, TCP for services) read it: a JSON object with a {@code type}, usually an {@code address}.
 *
 * @param type the frame's type, as the client wrote it
 * @param json the whole frame
 */
public record BridgeFrame(String type, JsonObject json) {

  /**
   * Reads a frame.
   *
   * @throws Malformed with code {@code invalid_json} (not a JSON object) or {@code missing_type}
   */
  public static BridgeFrame parse(Buffer data) {
    JsonObject json;
    try {
      json = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw new Malformed("invalid_json");
    }
    Object type = json.getValue("type");
    if (type == null) {
      throw new Malformed("missing_type");
    }
    return new BridgeFrame(String.valueOf(type), json);
  }

  /** The frame's address, or null when it has none or it is not a non-empty string ({@code missing_address}). */
  public String address() {
    return json.getValue("address") instanceof String address && !address.isEmpty() ? address : null;
  }

  /** The frame's reply address, or null. */
  public String replyAddress() {
    return json.getValue("replyAddress") instanceof String address && !address.isEmpty() ? address : null;
  }

  /** A frame that cannot be read, with the snake_case code the client gets. */
  public static final class Malformed extends RuntimeException {

    public Malformed(String code) {
      super(code, null, false, false);
    }

    public String code() {
      return getMessage();
    }
  }
}
