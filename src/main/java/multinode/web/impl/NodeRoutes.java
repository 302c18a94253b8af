package multinode.web.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import multinode.node.NodeInfo;
import multinode.node.Nodes;
import multinode.web.ApiResponses;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/nodes}: this node and the others; {@code GET /api/nodes/{name}/ping}: pong or pang,
 * 404 {@code no_such_node} for a name no node has.
 */
public final class NodeRoutes {

  private NodeRoutes() {
  }

  public static void mount(Router router, Nodes nodes) {
    router.get("/api/nodes").handler(ctx -> list(ctx, nodes));
    router.get("/api/nodes/:name/ping").handler(ctx -> ping(ctx, nodes));
  }

  private static void list(RoutingContext ctx, Nodes nodes) {
    List<NodeInfo> all = new ArrayList<>();
    all.add(nodes.self());
    all.addAll(nodes.list());
    JsonArray array = new JsonArray();
    all.forEach(node -> array.add(node.toJson().put("self", node == nodes.self())));
    ApiResponses.json(ctx, 200, new JsonObject()
      .put("self", nodes.self().name())
      .put("clustered", nodes.clustered())
      .put("nodes", array));
  }

  private static void ping(RoutingContext ctx, Nodes nodes) {
    String name = ctx.pathParam("name");
    nodes.ping(name)
      .onSuccess(ping -> ApiResponses.json(ctx, 200, ping.toJson().put("node", name)))
      .onFailure(failure -> ApiResponses.fail(ctx, failure));
  }
}
