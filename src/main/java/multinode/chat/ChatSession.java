package multinode.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One browser socket's part in the chat. Requests fail with a {@link ChatException}; a session is
 * never closed by a refused request.
 */
public interface ChatSession {

  /** A short id for this socket, its presence ref ({@code phx_ref}). */
  String id();

  /**
   * Joins a room under a nickname: room events start to arrive, then a {@code presence_state}. Joining
   * a room again under the same nickname only reads the history again (what a client does on a
   * {@code resync}).
   *
   * @param lastSeq the last sequence number this client saw in the room (after a reconnect), or null
   * @param epoch the epoch of what it saw, or null
   * @return {@code {"room","node","nick","epoch","lastSeq","messages":[…],"truncated","reset","more"}}:
   *   what was missed; the room's recent history when {@code lastSeq} is null, or with {@code reset: true}
   *   when {@code epoch} is not the room's any more
   */
  Future<JsonObject> join(String room, String nick, Long lastSeq, String epoch);

  /** Pages back through a room this socket joined, as {@link Chat#history}. */
  Future<JsonObject> history(String room, Long before, int limit);

  /** Leaves a room; the others see the presence leave. */
  Future<Void> leave(String room);

  /** Says something in a room this socket joined; returns {@code {"id","seq","epoch"}} once it is kept. */
  Future<JsonObject> say(String room, String text);

  /** Leaves every room: the socket closed or went idle. */
  void close();
}
