package multinode.chat.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;
import multinode.chat.ChatRules;
import multinode.chat.ChatSession;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** One socket in the chat: its rooms and nicknames, and its send rate. State is touched on the chat's context only. */
final class Session implements ChatSession {

  private record Joined(String nick) {
  }

  private final ChatService chat;
  private final String id;
  private final BiConsumer<? super String, ? super JsonObject> deliver;
  private final Map<String, Joined> rooms = new HashMap<>();
  private final ArrayDeque<Long> recentSends = new ArrayDeque<>();
  private boolean closed;

  Session(ChatService chat, String id, BiConsumer<? super String, ? super JsonObject> deliver) {
    this.chat = chat;
    this.id = id;
    this.deliver = deliver;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Future<JsonObject> join(String room, String nick, Long lastSeq, String epoch) {
    return chat.onContext(() -> {
      String name = ChatRules.room(room);
      String nickname = ChatRules.memberNickname(nick);
      Joined joined = rooms.get(name);
      Future<Void> entered;
      if (joined != null && joined.nick().equals(nickname)) {
        entered = Future.succeededFuture();
      } else if (joined == null && rooms.size() >= ChatRules.MAX_ROOMS) {
        throw new ChatException(ChatFailure.TOO_MANY_ROOMS, "a socket can be in " + ChatRules.MAX_ROOMS + " rooms");
      } else {
        if (joined != null) {
          leaveNow(name);
        }
        // subscribe before reading the history: a message is kept before it is broadcast, so every
        // message is in the history read, or arrives live, or both (the page drops duplicates by seq)
        entered = chat.enter(this, name, nickname);
      }
      return entered.compose(v -> chat.catchUp(name, lastSeq, epoch)).map(history -> new JsonObject()
        .put("room", name).put("node", chat.nodeName()).put("nodes", chat.nodeUrls()).put("nick", nickname).mergeIn(history));
    });
  }

  @Override
  public Future<JsonObject> history(String room, Long before, int limit) {
    return chat.onContext(() -> {
      String name = ChatRules.room(room);
      if (!rooms.containsKey(name)) {
        throw new ChatException(ChatFailure.NOT_JOINED, "join room " + name + " before reading its history");
      }
      return chat.page(name, before, limit);
    });
  }

  @Override
  public Future<Void> leave(String room) {
    return chat.onContext(() -> {
      String name = ChatRules.room(room);
      if (!rooms.containsKey(name)) {
        throw new ChatException(ChatFailure.NOT_JOINED, "not in room " + name);
      }
      leaveNow(name);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<JsonObject> say(String room, String text) {
    return chat.onContext(() -> {
      String name = ChatRules.room(room);
      Joined joined = rooms.get(name);
      if (joined == null) {
        throw new ChatException(ChatFailure.NOT_JOINED, "join room " + name + " before saying something in it");
      }
      String message = ChatRules.text(text);
      checkRate();
      return chat.append(name, joined.nick(), message, ChatService.Author.MEMBER);
    });
  }

  @Override
  public void close() {
    chat.onContext(() -> {
      closed = true;
      List.copyOf(rooms.keySet()).forEach(this::leaveNow);
      return Future.succeededFuture();
    });
  }

  /** Called by the service once the session receives the room's events. */
  void entered(String room, String nick) {
    rooms.put(room, new Joined(nick));
    if (closed) {
      // the socket closed while the join was on its way
      leaveNow(room);
    }
  }

  /** Hands a room event to the socket; {@code address} is the room's, computed once per event by the caller. */
  void deliver(String address, JsonObject event) {
    deliver.accept(address, event);
  }

  private void leaveNow(String room) {
    if (rooms.remove(room) != null) {
      chat.exit(this, room);
    }
  }

  private void checkRate() {
    long now = System.currentTimeMillis();
    while (!recentSends.isEmpty() && now - recentSends.peekFirst() >= ChatRules.RATE_WINDOW_MS) {
      recentSends.pollFirst();
    }
    if (recentSends.size() >= ChatRules.RATE_MESSAGES) {
      throw new ChatException(ChatFailure.RATE_LIMITED, "at most " + ChatRules.RATE_MESSAGES + " messages in "
        + ChatRules.RATE_WINDOW_MS / 1000 + " s");
    }
    recentSends.addLast(now);
  }
}
