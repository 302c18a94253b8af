package multinode.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Chat rooms across the cluster, on top of pubsub: messages, history and presence.
 * <p>
 * <b>Guarantees.</b>
 * <ol>
 *   <li>The node stamps every message: id, per-room sequence number (1, 2, … without gaps), time,
 *       sender nickname and node. Nothing a browser sends can set them.</li>
 *   <li>The last {@value #HISTORY} messages of each room are kept cluster-wide (with a backup, so the
 *       loss of any one node loses none). A client that joins again with the last sequence number it saw
 *       gets every message after it, or {@code truncated: true} when more than that were missed.</li>
 *   <li>A room message crosses the network once per node with sockets in the room; a socket joining or
 *       leaving writes nothing cluster-wide (presence changes travel as pubsub messages).</li>
 *   <li>Presence follows Phoenix: on join a {@code presence_state}, then {@code presence_diff}s. The
 *       sockets of a node that goes down leave everywhere when the cluster drops it.</li>
 * </ol>
 */
public interface Chat {

  /** How many messages per room are kept. */
  int HISTORY = 100;

  /**
   * Opens a session for one browser socket. Room events reach {@code deliver} as (room address, event),
   * on the caller's context.
   */
  ChatSession open(BiConsumer<String, JsonObject> deliver);

  /** Posts a message into a room as {@code from} (e.g. a system notice), as if a member had said it. */
  Future<JsonObject> post(String room, String from, String text);

  /** The rooms with someone in them, on any node. */
  Set<String> rooms();

  /** Who is in a room, in Phoenix's {@code presence_state} shape: nickname → {@code {"metas":[…]}}. */
  JsonObject presence(String room);
}
