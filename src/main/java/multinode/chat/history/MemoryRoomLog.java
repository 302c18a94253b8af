package multinode.chat.history;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code memory} store, for a node that shares its rooms with nobody: the newest
 * {@code chat.history.limit} messages of each room in this node's memory, on the chat's context. Each
 * room's epoch is made when the node first keeps a message in it, so a restarted node's numbers never
 * pass for the ones it gave before.
 */
public final class MemoryRoomLog implements RoomLog {

  private final int limit;
  private final Map<String, RoomHistory> rooms = new HashMap<>();

  public MemoryRoomLog(int limit) {
    this.limit = limit;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public Future<List<JsonObject>> append(String room, List<JsonObject> drafts) {
    RoomHistory history = rooms.computeIfAbsent(room, r -> new RoomHistory(RoomHistory.newEpoch()));
    long lastSeq = history.append(Drafts.encode(drafts), limit);
    return Future.succeededFuture(Drafts.stamped(drafts, history.epoch(), lastSeq));
  }

  @Override
  public Future<Slice> read(String room, long after, long before, int limit) {
    RoomHistory history = rooms.get(room);
    return Future.succeededFuture(history == null ? Slice.EMPTY : new Slice(history.epoch(), history.lastSeq(),
      history.firstSeq(), history.messages(after, before, limit).stream().map(JsonObject::new).toList()));
  }
}
