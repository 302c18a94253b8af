package multinode.web.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import multinode.chat.Chat;
import multinode.chat.ChatException;
import multinode.chat.ChatRules;
import multinode.web.ApiResponses;

/**
 * {@code POST /api/chat/rooms/{room}/messages} with {@code {"text":…,"from":…}} posts a message into a
 * room (from {@code system} by default, marked {@code "system":true}): 202 {@code {"id","seq","epoch"}}
 * once it is kept; 400 with {@code invalid_json}, {@code invalid_room}, {@code invalid_nickname},
 * {@code invalid_message}; 503 {@code history_unavailable}. {@code GET /api/chat/rooms/{room}/messages?before=&limit=}
 * pages back through the history: 200 {@code {"room","epoch","lastSeq","messages","more"}}; 400
 * {@code invalid_room} or {@code invalid_request} (naming the parameter). {@code GET /api/chat/rooms}: the
 * rooms with someone in them, and who.
 */
public final class ChatRoutes {

  private ChatRoutes() {
  }

  public static void mount(Router router, Chat chat) {
    router.get("/api/chat/rooms").handler(ctx -> rooms(ctx, chat));
    router.get("/api/chat/rooms/:room/messages").handler(ctx -> history(ctx, chat));
    router.post("/api/chat/rooms/:room/messages")
      .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
      .handler(ctx -> post(ctx, chat));
  }

  private static void rooms(RoutingContext ctx, Chat chat) {
    JsonArray rooms = new JsonArray();
    chat.rooms().forEach(room -> rooms.add(new JsonObject().put("room", room).put("presences", chat.presence(room))));
    ApiResponses.json(ctx, 200, new JsonObject().put("rooms", rooms));
  }

  private static void history(RoutingContext ctx, Chat chat) {
    Future<JsonObject> page;
    try {
      page = chat.history(ctx.pathParam("room"), ChatRules.before(ctx.queryParams().get("before")),
        ChatRules.limit(ctx.queryParams().get("limit")));
    } catch (ChatException e) {
      page = Future.failedFuture(e);
    }
    page.onSuccess(found -> ApiResponses.json(ctx, 200, found)).onFailure(failure -> ApiResponses.fail(ctx, failure));
  }

  private static void post(RoutingContext ctx, Chat chat) {
    JsonObject body = ApiResponses.jsonObjectBody(ctx, "the body must be a JSON object: {\"text\":…}");
    if (body == null) {
      return;
    }
    Object from = body.getValue("from", "system");
    chat.post(ctx.pathParam("room"), from instanceof String s ? s : null, body.getValue("text") instanceof String t ? t : null)
      .onSuccess(stamped -> ApiResponses.json(ctx, 202, stamped))
      .onFailure(failure -> ApiResponses.fail(ctx, failure));
  }
}
