package multinode.chat.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.chat.Chat;

/**
 * One room's log as it is stored: {@code {"seq": <last number given>, "messages": [the last
 * {@value Chat#HISTORY}]}}, encoded as a JSON string so that any node can read it.
 */
final class LogEntries {

  /** A stored log after an append, and the message as stamped. */
  record Appended(String stored, JsonObject message) {
  }

  private LogEntries() {
  }

  static Appended append(String stored, JsonObject draft) {
    JsonObject log = stored == null ? new JsonObject().put("seq", 0L).put("messages", new JsonArray()) : new JsonObject(stored);
    long seq = log.getLong("seq") + 1;
    JsonObject message = draft.copy().put("seq", seq);
    JsonArray messages = log.getJsonArray("messages").add(message);
    while (messages.size() > Chat.HISTORY) {
      messages.remove(0);
    }
    return new Appended(log.put("seq", seq).encode(), message);
  }

  static JsonObject since(String stored, Long lastSeq) {
    JsonArray after = new JsonArray();
    if (stored == null) {
      return new JsonObject().put("messages", after).put("truncated", false);
    }
    JsonObject log = new JsonObject(stored);
    JsonArray messages = log.getJsonArray("messages");
    long from = lastSeq == null ? 0 : lastSeq;
    for (int i = 0; i < messages.size(); i++) {
      if (messages.getJsonObject(i).getLong("seq") > from) {
        after.add(messages.getJsonObject(i));
      }
    }
    long oldestKept = messages.isEmpty() ? log.getLong("seq") + 1 : messages.getJsonObject(0).getLong("seq");
    boolean truncated = lastSeq != null && oldestKept > lastSeq + 1;
    return new JsonObject().put("messages", after).put("truncated", truncated);
  }
}
