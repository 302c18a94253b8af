package multinode.bridge.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.bridge.BridgePermissions.Access;
import multinode.chat.Chat;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;
import multinode.chat.ChatRules;
import multinode.chat.ChatSession;

import java.util.function.BiConsumer;

/**
 * A browser's endpoints: its chat session. The session is the one record of which rooms the socket gets:
 * a room's events reach it from its join to its leave. Registering a room's address is the client's own
 * bookkeeping (the official client hands each {@code rec} frame to the handlers of its address), so it
 * is allowed and counted, and changes nothing here.
 */
final class BrowserEndpoints implements Endpoints {

  private static final Future<Runnable> NOTHING_TO_UNDO = Future.succeededFuture(() -> { });

  private final ChatSession session;

  BrowserEndpoints(Chat chat, BiConsumer<String, Object> deliver) {
    this.session = chat.open(deliver);
  }

  @Override
  public Future<Runnable> register(Access access, String address) {
    return NOTHING_TO_UNDO;
  }

  @Override
  public Future<?> send(Access access, String address, Object body, boolean wantsReply) {
    return body instanceof JsonObject request ? request(request)
      : Future.failedFuture(new ChatException(ChatFailure.INVALID_REQUEST, "the body must be a JSON object"));
  }

  @Override
  public void close() {
    session.close();
  }

  /**
   * One chat request: {@code {"type":"join","room","nick","lastSeq"?,"epoch"?}}, {@code leave}, {@code say},
   * {@code {"type":"history","room","before"?,"limit"?}}.
   */
  private Future<?> request(JsonObject request) {
    try {
      return switch (String.valueOf(request.getValue("type"))) {
        case "join" -> session.join(text(request, "room"), text(request, "nick"), ChatRules.lastSeq(request),
          ChatRules.epoch(request.getValue("epoch")));
        case "leave" -> session.leave(text(request, "room"));
        case "say" -> session.say(text(request, "room"), text(request, "text"));
        case "history" -> session.history(text(request, "room"), ChatRules.before(request.getValue("before")),
          ChatRules.limit(request.getValue("limit")));
        default -> Future.failedFuture(new ChatException(ChatFailure.INVALID_REQUEST,
          "type must be join, leave, say or history"));
      };
    } catch (ChatException e) {
      return Future.failedFuture(e);
    }
  }

  private static String text(JsonObject request, String key) {
    return request.getValue(key) instanceof String s ? s : null;
  }
}
