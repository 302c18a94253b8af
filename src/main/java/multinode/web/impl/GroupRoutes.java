package multinode.web.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import multinode.groups.GroupMember;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;
import multinode.groups.Groups;
import multinode.web.ApiResponses;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/groups}: every group with its member count per node; {@code GET /api/groups/{group}}:
 * its members. Both take {@code ?scope=} (default {@code default}).
 */
public final class GroupRoutes {

  private GroupRoutes() {
  }

  public static void mount(Router router, Groups groups) {
    router.get("/api/groups").handler(ctx -> guarded(ctx, () -> list(ctx, scoped(ctx, groups))));
    router.get("/api/groups/:group").handler(ctx -> guarded(ctx, () -> one(ctx, scoped(ctx, groups))));
  }

  private static Groups scoped(RoutingContext ctx, Groups groups) {
    String scope = ctx.queryParams().get("scope");
    return scope == null ? groups : groups.scope(scope);
  }

  private static void list(RoutingContext ctx, Groups groups) {
    JsonArray array = new JsonArray();
    groups.whichGroups().stream().sorted().forEach(name -> {
      Map<String, Integer> byNode = new TreeMap<>();
      groups.members(name).forEach(m -> byNode.merge(m.node(), 1, Integer::sum));
      array.add(new JsonObject().put("name", name).put("created", groups.created(name))
        .put("members", groups.members(name).size()).put("byNode", new JsonObject(Map.copyOf(byNode))));
    });
    ApiResponses.json(ctx, 200, new JsonObject().put("scope", groups.scope()).put("groups", array));
  }

  private static void one(RoutingContext ctx, Groups groups) {
    String group = ctx.pathParam("group");
    if (!groups.exists(group)) {
      ApiResponses.fail(ctx, new GroupsException(GroupsFailure.NO_SUCH_GROUP, "no group " + group + " in scope " + groups.scope()));
      return;
    }
    JsonArray members = new JsonArray();
    groups.members(group).stream().map(GroupMember::toJson).forEach(members::add);
    ApiResponses.json(ctx, 200, new JsonObject().put("scope", groups.scope()).put("group", group)
      .put("created", groups.created(group)).put("members", members));
  }

  private static void guarded(RoutingContext ctx, Runnable route) {
    try {
      route.run();
    } catch (GroupsException e) {
      ApiResponses.fail(ctx, e);
    }
  }
}
