package multinode.web.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.chat.Chat;
import io.vertx.ext.web.Router;
import multinode.web.ApiResponses;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;

/**
 * {@code /health} (the process answers) and {@code /ready}: 200 when the node has joined, the cluster is
 * safe and the chat's history store can be reached; else 503, with what is missing.
 */
public final class HealthRoutes {

  private HealthRoutes() {
  }

  public static void mount(Router router, Nodes nodes, PubSub pubSub, Chat chat) {
    router.get("/health").handler(ctx -> ApiResponses.json(ctx, 200, new JsonObject().put("status", "up")));
    router.get("/ready").handler(ctx -> nodes.ready()
      .onSuccess(clusterReady -> {
        JsonArray missing = new JsonArray();
        if (!clusterReady) {
          missing.add("cluster");
        }
        if (!pubSub.adapterAvailable()) {
          missing.add("pubsub (" + pubSub.adapter() + ")");
        }
        if (!chat.historyAvailable()) {
          missing.add("chat history (" + chat.historyStore() + ")");
        }
        ApiResponses.json(ctx, missing.isEmpty() ? 200 : 503, new JsonObject()
          .put("status", missing.isEmpty() ? "ready" : "not_ready")
          .put("node", nodes.self().name())
          .put("clustered", nodes.clustered())
          .put("history", chat.historyStore())
          .put("missing", missing));
      })
      .onFailure(ctx::fail));
  }
}
