package multinode.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One frame of the Vert.x event-bus bridge protocol, as both of multinode's bridges (SockJS for
 * browsers, TCP for services) read it: a JSON object with a {@code type} and, but for a ping or an auth, an
 * {@code address}. {@code auth} ({@code {"type":"auth","token":…}}) is multinode's addition: the first frame
 * of a client of a bridge that asks for a token.
 *
 * @param type what the client asks for
 * @param address the address it names; null for a ping
 * @param json the whole frame
 */
public record BridgeFrame(Type type, String address, JsonObject json) {

  /** The frame types a client may send. */
  public enum Type { PING, AUTH, REGISTER, UNREGISTER, SEND, PUBLISH }

  /**
   * Reads a frame.
   *
   * @throws Malformed with code {@code invalid_json} (not a JSON object), {@code missing_type},
   *   {@code invalid_type} or {@code missing_address} (a frame other than a ping without a non-empty one)
   */
  public static BridgeFrame parse(Buffer data) {
    JsonObject json;
    try {
      json = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw new Malformed("invalid_json");
    }
    Object name = json.getValue("type");
    if (name == null) {
      throw new Malformed("missing_type");
    }
    Type type = switch (String.valueOf(name)) {
      case "ping" -> Type.PING;
      case "auth" -> Type.AUTH;
      case "register" -> Type.REGISTER;
      case "unregister" -> Type.UNREGISTER;
      case "send" -> Type.SEND;
      case "publish" -> Type.PUBLISH;
      default -> throw new Malformed("invalid_type");
    };
    if (type == Type.PING || type == Type.AUTH) {
      return new BridgeFrame(type, null, json);
    }
    if (!(json.getValue("address") instanceof String address) || address.isEmpty()) {
      throw new Malformed("missing_address");
    }
    return new BridgeFrame(type, address, json);
  }

  /** The token of an {@code auth} frame, or null. */
  public String token() {
    return json.getValue("token") instanceof String token ? token : null;
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
