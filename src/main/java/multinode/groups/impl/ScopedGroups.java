package multinode.groups.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import multinode.groups.GroupEvent;
import multinode.groups.GroupMember;
import multinode.groups.GroupMonitor;
import multinode.groups.Groups;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** {@link Groups} for one scope, over the node's {@link GroupsEngine}. */
public final class ScopedGroups implements Groups {

  private final Vertx vertx;
  private final GroupsEngine engine;
  private final String scope;

  public ScopedGroups(Vertx vertx, GroupsEngine engine, String scope) {
    this.vertx = vertx;
    this.engine = engine;
    this.scope = GroupNames.scope(scope);
  }

  @Override
  public String scope() {
    return scope;
  }

  @Override
  public ScopedGroups scope(String name) {
    return new ScopedGroups(vertx, engine, name);
  }

  @Override
  public Future<GroupMember> member(Handler<Message<Object>> handler, JsonObject metadata) {
    Objects.requireNonNull(handler, "handler");
    return engine.member(handler, metadata);
  }

  @Override
  public Future<Void> create(String group) {
    return checked(group).compose(g -> engine.setCreated(scope, g, true));
  }

  @Override
  public Future<Void> delete(String group) {
    return checked(group).compose(g -> engine.setCreated(scope, g, false));
  }

  @Override
  public Future<Void> join(String group, GroupMember... members) {
    Objects.requireNonNull(members, "members");
    return checked(group).compose(g -> engine.join(scope, g, members));
  }

  @Override
  public Future<Void> leave(String group, GroupMember... members) {
    Objects.requireNonNull(members, "members");
    return checked(group).compose(g -> engine.leave(scope, g, members));
  }

  @Override
  public List<GroupMember> members(String group) {
    List<GroupMember> members = engine.replica.members(scope, Objects.requireNonNull(group, "group"));
    // only valid names are ever stored, so a name needs checking only when nothing was found
    return members.isEmpty() ? engine.replica.members(scope, GroupNames.group(group)) : members;
  }

  @Override
  public List<GroupMember> localMembers(String group) {
    List<GroupMember> members = engine.replica.localMembers(scope, Objects.requireNonNull(group, "group"));
    return members.isEmpty() ? engine.replica.localMembers(scope, GroupNames.group(group)) : members;
  }

  @Override
  public boolean exists(String group) {
    return engine.replica.exists(scope, GroupNames.group(group));
  }

  @Override
  public boolean created(String group) {
    return engine.replica.created(scope, GroupNames.group(group));
  }

  @Override
  public Set<String> scopes() {
    return engine.replica.scopes();
  }

  @Override
  public Set<String> whichGroups() {
    return engine.replica.whichGroups(scope);
  }

  @Override
  public Future<GroupMember> closest(String group) {
    return checked(group).compose(g -> {
      List<GroupMember> candidates = engine.replica.localMembers(scope, g);
      if (candidates.isEmpty()) {
        candidates = engine.replica.members(scope, g);
      }
      if (candidates.isEmpty()) {
        return Future.failedFuture(new GroupsException(GroupsFailure.NO_PROCESS, "group " + g + " has no members"));
      }
      return Future.succeededFuture(candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())));
    });
  }

  @Override
  public Future<Void> sendToClosest(String group, Object message) {
    return closest(group).map(member -> {
      vertx.eventBus().send(member.address(), message);
      return null;
    });
  }

  @Override
  public <T> Future<Message<T>> requestClosest(String group, Object message) {
    return closest(group).compose(member -> vertx.eventBus().request(member.address(), message));
  }

  @Override
  public Future<Integer> publishToGroup(String group, Object message) {
    return checked(group).map(g -> {
      List<GroupMember> members = engine.replica.members(scope, g);
      members.forEach(member -> vertx.eventBus().send(member.address(), message));
      return members.size();
    });
  }

  @Override
  public Future<GroupMonitor> monitor(String group, Handler<GroupEvent> handler) {
    Objects.requireNonNull(handler, "handler");
    return checked(group).compose(g -> engine.monitor(scope, g, handler));
  }

  @Override
  public Future<GroupMonitor> monitorAll(Handler<GroupEvent> handler) {
    Objects.requireNonNull(handler, "handler");
    return engine.monitor(scope, null, handler);
  }

  private static Future<String> checked(String group) {
    try {
      return Future.succeededFuture(GroupNames.group(group));
    } catch (GroupsException e) {
      return Future.failedFuture(e);
    }
  }
}
