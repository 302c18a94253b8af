package multinode.chat.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.chat.Chat;
import multinode.chat.history.RoomLog;
import multinode.chat.history.Slice;

import java.util.ArrayList;

/**
 * What a joining client is sent from the history, and what paging back returns.
 * <ul>
 *   <li>A first join ({@code lastSeq} null): the newest {@value Chat#HISTORY} messages.</li>
 *   <li>A join again with the {@code lastSeq} and {@code epoch} it saw: the messages after it (the
 *       newest {@value Chat#HISTORY}, {@code truncated} when more were missed).</li>
 *   <li>A join again whose epoch is not the room's any more, or whose {@code lastSeq} is beyond the
 *       room's last: the newest messages with {@code reset: true}. A client that names no epoch is taken
 *       to have seen the current one.</li>
 * </ul>
 */
final class Catchup {

  private Catchup() {
  }

  /** {@code {"epoch","lastSeq","messages","truncated","reset","more"}} for a join. */
  static Future<JsonObject> join(RoomLog log, String room, Long lastSeq, String epoch) {
    if (lastSeq == null) {
      return recent(log, room, false);
    }
    return log.read(room, lastSeq, Long.MAX_VALUE, Chat.HISTORY).compose(slice -> {
      boolean stale = epoch != null && !epoch.equals(slice.epoch()) || lastSeq > slice.lastSeq();
      if (stale) {
        return recent(log, room, true);
      }
      boolean truncated = slice.lastSeq() - lastSeq > slice.messages().size();
      return Future.succeededFuture(reply(slice, lastSeq).put("truncated", truncated).put("reset", false));
    });
  }

  /** {@code {"room","epoch","lastSeq","messages","more"}}: the newest {@code limit} before {@code before}. */
  static Future<JsonObject> page(RoomLog log, String room, Long before, int limit) {
    return log.read(room, 0, before == null ? Long.MAX_VALUE : before, limit)
      .map(slice -> new JsonObject().put("room", room).mergeIn(reply(slice, 0)));
  }

  private static Future<JsonObject> recent(RoomLog log, String room, boolean reset) {
    return log.read(room, 0, Long.MAX_VALUE, Chat.HISTORY)
      .map(slice -> reply(slice, 0).put("truncated", false).put("reset", reset));
  }

  private static JsonObject reply(Slice slice, long after) {
    return new JsonObject().put("epoch", slice.epoch()).put("lastSeq", slice.lastSeq())
      .put("messages", new JsonArray(new ArrayList<>(slice.messages()))).put("more", slice.olderKept(after));
  }
}
