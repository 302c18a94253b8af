package multinode.chat.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;
import multinode.chat.history.RoomLog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The appends this node makes to each room: at most one batch in flight per room, and what arrives
 * meanwhile goes out as the next batch, in arrival order. One at a time keeps one sender's messages in
 * order (two appends in flight could be numbered the other way round, e.g. when the cluster retries one
 * during a migration); batching keeps one room fast, since a store's round trip is paid per batch, not
 * per message. On the chat's context.
 */
final class Appends {

  /** The most drafts in one batch. */
  static final int MAX_BATCH = 256;

  private record Pending(JsonObject draft, Promise<JsonObject> stamped) {
  }

  private final RoomLog log;
  private final Map<String, ArrayDeque<Pending>> waiting = new HashMap<>();

  Appends(RoomLog log) {
    this.log = log;
  }

  /** Keeps the draft; completes with it stamped, in the order of the calls for the room. */
  Future<JsonObject> add(String room, JsonObject draft) {
    Promise<JsonObject> stamped = Promise.promise();
    ArrayDeque<Pending> queue = waiting.get(room);
    if (queue == null) {
      // nothing in flight: this one goes now, and later ones queue behind it
      waiting.put(room, new ArrayDeque<>());
      send(room, List.of(new Pending(draft, stamped)));
    } else {
      queue.add(new Pending(draft, stamped));
    }
    return stamped.future();
  }

  private void send(String room, List<Pending> batch) {
    log.append(room, batch.stream().map(Pending::draft).toList()).onComplete(ar -> {
      for (int i = 0; i < batch.size(); i++) {
        if (ar.succeeded()) {
          batch.get(i).stamped().complete(ar.result().get(i));
        } else {
          batch.get(i).stamped().fail(ar.cause() instanceof ChatException ? ar.cause()
            : new ChatException(ChatFailure.HISTORY_UNAVAILABLE, "the room history cannot be reached: " + ar.cause().getMessage()));
        }
      }
      ArrayDeque<Pending> queue = waiting.get(room);
      if (queue.isEmpty()) {
        waiting.remove(room);
      } else {
        List<Pending> next = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && next.size() < MAX_BATCH) {
          next.add(queue.poll());
        }
        send(room, next);
      }
    });
  }
}
