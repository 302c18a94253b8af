package multinode.web.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.web.ApiResponses;

import java.util.Comparator;

/**
 * {@code GET /api/services}: the service-discovery records of the cluster, sorted by name and node;
 * {@code ?name=multinode-web} (or {@code type=}) keeps those with that name (or type).
 */
public final class ServiceRoutes {

  private ServiceRoutes() {
  }

  public static void mount(Router router, ServiceDiscovery discovery) {
    router.get("/api/services").handler(ctx -> list(ctx, discovery));
  }

  private static void list(RoutingContext ctx, ServiceDiscovery discovery) {
    String name = ctx.queryParams().get("name");
    String type = ctx.queryParams().get("type");
    discovery.getRecords(record -> (name == null || name.equals(record.getName()))
        && (type == null || type.equals(record.getType())))
      .onSuccess(records -> {
        JsonArray array = new JsonArray();
        records.stream()
          .sorted(Comparator.comparing(Record::getName).thenComparing(ServiceRoutes::node))
          .forEach(record -> array.add(record.toJson()));
        ApiResponses.json(ctx, 200, new JsonObject().put("services", array));
      })
      .onFailure(ctx::fail);
  }

  private static String node(Record record) {
    return record.getMetadata() == null ? "" : record.getMetadata().getString("node", "");
  }
}
