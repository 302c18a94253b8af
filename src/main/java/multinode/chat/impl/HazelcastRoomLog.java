package multinode.chat.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.Serial;
import java.util.Map;

/**
 * The room log in a Hazelcast map ({@value #MAP}, one backup): an append runs as an entry processor on
 * the room's partition owner, so the sequence number and the history change together, atomically, in
 * one network round trip, whichever node the message came through.
 */
final class HazelcastRoomLog implements RoomLog {

  static final String MAP = "multinode.chat.history";

  private final IMap<String, String> logs;
  private final Context context;

  HazelcastRoomLog(HazelcastInstance hazelcast, Context context) {
    this.logs = hazelcast.getMap(MAP);
    this.context = context;
  }

  @Override
  public Future<JsonObject> append(String room, JsonObject draft) {
    return Future.fromCompletionStage(logs.submitToKey(room, new Append(draft.encode())), context)
      .map(JsonObject::new);
  }

  @Override
  public Future<JsonObject> since(String room, Long lastSeq) {
    return Future.fromCompletionStage(logs.getAsync(room), context).map(stored -> LogEntries.since(stored, lastSeq));
  }

  /** Runs where the room's entry lives; returns the stamped message, encoded. */
  static final class Append implements EntryProcessor<String, String, String> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String draft;

    Append(String draft) {
      this.draft = draft;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      LogEntries.Appended appended = LogEntries.append(entry.getValue(), new JsonObject(draft));
      entry.setValue(appended.stored());
      return appended.message().encode();
    }
  }
}
