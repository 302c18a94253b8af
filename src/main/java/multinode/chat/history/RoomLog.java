package multinode.chat.history;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Where each room's history is kept and its sequence numbers are handed out: one authority per
 * deployment, whichever node a message comes through.
 * <p>
 * <b>Contract.</b>
 * <ol>
 *   <li>{@link #append} gives the drafts the room's next sequence numbers, consecutive and in the order
 *       given, stamps each with its {@code seq} and the room's {@code epoch}, keeps them, and returns
 *       them stamped. Within one epoch the numbers of a room are 1, 2, 3, … without gaps or repeats,
 *       across every node that uses the same store.</li>
 *   <li>A message whose append succeeded stays readable until the store's bound drops it as old
 *       ({@code chat.history.limit} messages, or {@code chat.history.postgres.retentionDays}).</li>
 *   <li>The epoch changes whenever the numbering could restart or fork (a store that lost its data, a
 *       merge after a partition), so no two different messages of a room share an epoch and a
 *       {@code seq}. A room that was never written (in this epoch) has no epoch.</li>
 *   <li>{@link #read} returns the newest {@code limit} kept messages with {@code after < seq < before},
 *       oldest first, with the room's epoch, its last number given and its oldest number kept, all as
 *       of one moment.</li>
 *   <li>When the store cannot be reached, both calls fail at once with
 *       {@link multinode.chat.ChatFailure#HISTORY_UNAVAILABLE}, {@link #available()} says false, and the
 *       store reconnects by itself with back-off. Nothing is reported appended that was not kept.</li>
 * </ol>
 * Calls come from one context (the chat's); futures complete on it.
 */
public interface RoomLog {

  /** The store's name in the configuration, e.g. {@code postgres}. */
  String name();

  /** Starts the store; a server that is down now does not fail the start (see rule 5). */
  default Future<Void> start() {
    return Future.succeededFuture();
  }

  /** Stops it; calls after this fail. */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }

  /** Whether the store can be reached now. */
  boolean available();

  /**
   * Numbers, stamps and keeps the drafts ({@code {"type":"message","id",…}} without {@code seq}); the
   * drafts come back stamped in place, so the caller hands over drafts nobody else holds.
   */
  Future<List<JsonObject>> append(String room, List<JsonObject> drafts);

  /** The newest {@code limit} kept messages with {@code after < seq < before}, oldest first. */
  Future<Slice> read(String room, long after, long before, int limit);
}
