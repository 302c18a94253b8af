package multinode.chat.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Where each room's recent messages are kept and its sequence numbers are handed out. */
interface RoomLog {

  /** Stamps the next sequence number of the room on the draft, keeps it, and returns the stamped message. */
  Future<JsonObject> append(String room, JsonObject draft);

  /**
   * The kept messages after {@code lastSeq} (all kept ones when null):
   * {@code {"messages":[…],"truncated":bool}}, truncated when messages after {@code lastSeq} were dropped.
   */
  Future<JsonObject> since(String room, Long lastSeq);
}
