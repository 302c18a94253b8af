package multinode.groups.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Failures;
import multinode.groups.GroupAddresses;
import multinode.groups.GroupMember;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;

import java.util.List;

/**
 * The groups request API for other services, at {@link GroupAddresses#API}. A request is
 * {@code {"action": …, "scope"?: …, "group"?: …, "message"?: …}}; actions: {@code which_groups},
 * {@code members}, {@code local_members}, {@code create}, {@code delete}, {@code send},
 * {@code request}, {@code publish}. Failures carry the snake_case code as their message
 * ({@code invalid_group}, {@code no_such_group}, {@code no_process}, {@code unknown_action}, …).
 */
public final class GroupsBusApi {

  private GroupsBusApi() {
  }

  /** Registers the API consumer; completes once it is reachable cluster-wide. */
  public static Future<Void> register(Vertx vertx, ScopedGroups groups) {
    return vertx.eventBus().<JsonObject>consumer(GroupAddresses.API, msg -> handle(groups, msg)).completion();
  }

  private static void handle(ScopedGroups defaultScope, Message<JsonObject> msg) {
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    Future<Object> answer;
    try {
      ScopedGroups groups = defaultScope.scope(body.getString("scope", defaultScope.scope()));
      answer = act(groups, body.getString("action", ""), body.getString("group"), body.getValue("message"));
    } catch (GroupsException e) {
      answer = Future.failedFuture(e);
    } catch (ClassCastException e) {
      answer = Future.failedFuture(Failures.badRequest("invalid_request"));
    }
    answer.onSuccess(msg::reply).onFailure(failure -> Failures.reply(msg, failure));
  }

  private static Future<Object> act(ScopedGroups groups, String action, String group, Object message) {
    return switch (action) {
      case "which_groups" -> Future.succeededFuture(new JsonObject()
        .put("groups", new JsonArray(groups.whichGroups().stream().sorted().toList())));
      case "members" -> members(groups, group, groups.members(group));
      case "local_members" -> members(groups, group, groups.localMembers(group));
      case "create" -> groups.create(group).map(v -> new JsonObject().put("created", group));
      case "delete" -> groups.delete(group).map(v -> new JsonObject().put("deleted", group));
      case "send" -> groups.sendToClosest(group, message).map(v -> new JsonObject().put("sent", 1));
      case "request" -> groups.requestClosest(group, message).map(reply -> new JsonObject().put("reply", reply.body()));
      case "publish" -> groups.publishToGroup(group, message).map(n -> new JsonObject().put("sent", n));
      default -> Future.failedFuture(Failures.badRequest("unknown_action"));
    };
  }

  private static Future<Object> members(ScopedGroups groups, String group, List<GroupMember> members) {
    if (!groups.exists(group)) {
      return Future.failedFuture(new GroupsException(GroupsFailure.NO_SUCH_GROUP, "no group " + group));
    }
    JsonArray array = new JsonArray();
    members.forEach(m -> array.add(m.toJson()));
    return Future.succeededFuture(new JsonObject().put("group", group).put("members", array));
  }
}
