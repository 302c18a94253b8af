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
   * Joins a room under a nickname: room events start to arrive, then a {@code presence_state}.
   *
   * @param lastSeq the last sequence number this client saw in the room (after a reconnect), or null
   * @return {@code {"room","node","nick","messages":[…],"truncated":bool}}: what was missed, or the
   *   room's recent history when {@code lastSeq} is null
   */
  Future<JsonObject> join(String room, String nick, Long lastSeq);

  /** Leaves a room; the others see the presence leave. */
  Future<Void> leave(String room);

  /** Says something in a room this socket joined; returns {@code {"id","seq"}}. */
  Future<JsonObject> say(String room, String text);

  /** Leaves every room: the socket closed or went idle. */
  void close();
}
