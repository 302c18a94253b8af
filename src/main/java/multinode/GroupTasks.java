package multinode;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.groups.GroupMember;
import multinode.groups.Groups;
import multinode.invoke.Invoke;
import multinode.invoke.TaskArgs;
import multinode.invoke.TaskContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The task {@code groups.join}: Erlang's {@code spawn(Node, fun() -> pg:join(Group, self()), loop() end)},
 * for operators and tests without Java on the node. It starts members on the node it runs on and joins
 * them to a group; each member answers any request with {@code {"node": <its node's name>}}. They live as
 * long as the node: a crash takes them with it, which is what the fault tests watch. Glue between two
 * capabilities (a groups task run by invoke), so it lives with the wiring.
 */
public final class GroupTasks {

  private GroupTasks() {
  }

  /** Registers {@code groups.join} on this node. */
  public static void register(Invoke invoke, Groups groups) {
    invoke.register("groups.join", "starts {\"count\":n} members on this node in {\"group\":…}; each answers "
      + "requests with its node's name; returns their ids", task -> join(task, groups));
  }

  private static Future<JsonObject> join(TaskContext task, Groups groups) {
    String group = TaskArgs.string(task.args(), "group");
    long n = task.args().containsKey("count") ? TaskArgs.integer(task.args(), "count", 1, 1000) : 1;
    String node = task.node().name();
    List<Future<GroupMember>> started = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      started.add(groups.member(message -> message.reply(new JsonObject().put("node", node)), new JsonObject()));
    }
    return Future.all(started).compose(all -> {
      List<GroupMember> members = all.list();
      return groups.join(group, members.toArray(new GroupMember[0]))
        .map(v -> new JsonObject().put("group", group).put("node", node)
          .put("members", new JsonArray(members.stream().map(GroupMember::id).toList())));
    });
  }
}
