package multinode.chat.history;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Part of a room's history, as of one moment.
 *
 * @param epoch the room's epoch, or null when the room has no history (in this store, in this epoch)
 * @param lastSeq the last sequence number given in the room, 0 when none
 * @param firstSeq the oldest number still kept; {@code lastSeq + 1} when nothing is kept
 * @param messages the messages asked for, oldest first
 */
public record Slice(String epoch, long lastSeq, long firstSeq, List<JsonObject> messages) {

  /** A room nothing was said in. */
  public static final Slice EMPTY = new Slice(null, 0, 1, List.of());

  public Slice {
    messages = List.copyOf(messages);
  }

  /** Whether kept messages older than these exist (older than {@code after + 1} when there are none). */
  public boolean olderKept(long after) {
    long oldestHere = messages.isEmpty() ? after + 1 : messages.get(0).getLong("seq");
    return firstSeq < oldestHere;
  }

  /** The slice that {@code encode(...)} wrote, e.g. on a cluster member. */
  static Slice fromJson(JsonObject json) {
    List<JsonObject> messages = new ArrayList<>();
    json.getJsonArray("messages").forEach(m -> messages.add((JsonObject) m));
    return new Slice(json.getString("epoch"), json.getLong("lastSeq"), json.getLong("firstSeq"), messages);
  }

  /** A slice as JSON text, from messages that are JSON text already (nothing is parsed). */
  static String encode(String epoch, long lastSeq, long firstSeq, List<String> messages) {
    StringBuilder out = new StringBuilder(64 + messages.stream().mapToInt(String::length).sum() + messages.size());
    out.append("{\"epoch\":").append(epoch == null ? "null" : "\"" + epoch + "\"")
      .append(",\"lastSeq\":").append(lastSeq).append(",\"firstSeq\":").append(firstSeq).append(",\"messages\":[");
    for (int i = 0; i < messages.size(); i++) {
      out.append(i == 0 ? "" : ",").append(messages.get(i));
    }
    return out.append("]}").toString();
  }
}
