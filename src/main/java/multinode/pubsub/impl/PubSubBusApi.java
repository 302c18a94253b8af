package multinode.pubsub.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import multinode.Failures;
import multinode.pubsub.PubSub;
import multinode.pubsub.PubSubAddresses;

/**
 * The pubsub request API for other Vert.x services in the cluster, at {@link PubSubAddresses#API}. A request is
 * {@code {"action": "broadcast", "topic": …, "message": {…}}} or {@code {"action": "direct_broadcast",
 * "node": …, "topic": …, "message": {…}}}; the reply is {@code {"ok": true}} once sent. Failures carry the
 * snake_case code as their message ({@code invalid_topic}, {@code no_such_node}, {@code invalid_request},
 * {@code unknown_action}). Subscribing takes a node (or the TCP bridge), since a topic is not an address.
 */
public final class PubSubBusApi {

  private PubSubBusApi() {
  }

  /** Registers the API consumer; completes once it is reachable cluster-wide. */
  public static Future<MessageConsumer<JsonObject>> register(Vertx vertx, PubSub pubSub) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(PubSubAddresses.API, msg -> handle(pubSub, msg));
    return consumer.completion().map(consumer);
  }

  private static void handle(PubSub pubSub, Message<JsonObject> msg) {
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    Future<Void> sent;
    if (!(body.getValue("message") instanceof JsonObject message) || !(body.getValue("topic") instanceof String topic)) {
      sent = Future.failedFuture(Failures.badRequest("invalid_request"));
    } else {
      sent = switch (String.valueOf(body.getValue("action"))) {
        case "broadcast" -> pubSub.broadcast(topic, message);
        case "direct_broadcast" -> body.getValue("node") instanceof String node ? pubSub.directBroadcast(node, topic, message)
          : Future.failedFuture(Failures.badRequest("invalid_request"));
        default -> Future.failedFuture(Failures.badRequest("unknown_action"));
      };
    }
    sent.onSuccess(v -> msg.reply(new JsonObject().put("ok", true))).onFailure(failure -> Failures.reply(msg, failure));
  }
}
