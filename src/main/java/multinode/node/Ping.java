package multinode.node;

import io.vertx.core.json.JsonObject;

/**
 * The answer to {@link Nodes#ping(String)}, like Erlang's {@code :pong} / {@code :pang}.
 *
 * @param pong true when the node answered in time
 * @param rttMicros the round-trip time in microseconds; -1 for pang
 */
public record Ping(boolean pong, long rttMicros) {

  /** The node answered after {@code rttMicros}. */
  public static Ping pong(long rttMicros) {
    return new Ping(true, rttMicros);
  }

  /** The node did not answer within the ping timeout. */
  public static Ping pang() {
    return new Ping(false, -1);
  }

  /** {@code {"result":"pong","rttMicros":…}} or {@code {"result":"pang"}}. */
  public JsonObject toJson() {
    return pong
      ? new JsonObject().put("result", "pong").put("rttMicros", rttMicros)
      : new JsonObject().put("result", "pang");
  }
}
