package multinode.web.impl;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import multinode.web.ApiResponses;
import multinode.node.Nodes;

/** {@code /health} (the process answers) and {@code /ready} (joined and the cluster is safe). */
public final class HealthRoutes {

  private HealthRoutes() {
  }

  public static void mount(Router router, Nodes nodes) {
    router.get("/health").handler(ctx -> ApiResponses.json(ctx, 200, new JsonObject().put("status", "up")));
    router.get("/ready").handler(ctx -> nodes.ready()
      .onSuccess(ready -> ApiResponses.json(ctx, ready ? 200 : 503, new JsonObject()
        .put("status", ready ? "ready" : "not_ready")
        .put("node", nodes.self().name())
        .put("clustered", nodes.clustered())))
      .onFailure(ctx::fail));
  }
}
