package multinode.chat.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/** The room log of a node that runs alone: kept in memory, on the chat's context. */
final class LocalRoomLog implements RoomLog {

  private final Map<String, String> logs = new HashMap<>();

  @Override
  public Future<JsonObject> append(String room, JsonObject draft) {
    LogEntries.Appended appended = LogEntries.append(logs.get(room), draft);
    logs.put(room, appended.stored());
    return Future.succeededFuture(appended.message());
  }

  @Override
  public Future<JsonObject> since(String room, Long lastSeq) {
    return Future.succeededFuture(LogEntries.since(logs.get(room), lastSeq));
  }
}
