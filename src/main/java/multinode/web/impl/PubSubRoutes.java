package multinode.web.impl;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import multinode.Topics;
import multinode.pubsub.PubSub;
import multinode.web.ApiResponses;

/**
 * {@code POST /api/pubsub/{topic}} with a JSON object body broadcasts it: 202 once sent; 400
 * {@code invalid_json} / {@code invalid_topic}; 403 {@code access_denied} for the capabilities' own topics
 * ({@code multinode.*}, which only they publish to); 413 over {@value #MAX_BODY_BYTES} bytes; 503
 * {@code adapter_unavailable}.
 */
public final class PubSubRoutes {

  static final long MAX_BODY_BYTES = 64 * 1024;

  private PubSubRoutes() {
  }

  public static void mount(Router router, PubSub pubSub) {
    router.post("/api/pubsub/:topic")
      .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
      .handler(ctx -> broadcast(ctx, pubSub));
  }

  private static void broadcast(RoutingContext ctx, PubSub pubSub) {
    String topic = ctx.pathParam("topic");
    if (Topics.internal(topic)) {
      ApiResponses.error(ctx, 403, "access_denied", "\"" + topic + "\" is one of the capabilities' own topics ("
        + Topics.INTERNAL_PREFIX + "*): only they publish to it");
      return;
    }
    JsonObject body = ApiResponses.jsonObjectBody(ctx, "the body must be a JSON object");
    if (body == null) {
      return;
    }
    pubSub.broadcast(topic, body)
      .onSuccess(v -> ApiResponses.json(ctx, 202, new JsonObject().put("topic", topic).put("broadcast", true)))
      .onFailure(failure -> ApiResponses.fail(ctx, failure));
  }
}
