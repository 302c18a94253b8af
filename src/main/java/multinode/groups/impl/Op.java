package multinode.groups.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Protocol;
import multinode.groups.GroupMember;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One membership change as a node sends it to the others.
 * <p>
 * A node numbers its own ops 1, 2, 3, … and sends them in batches: {@code {"v": protocol, "from": nodeId,
 * "first": seq, "members": {id: member, …}, "ops": [[kind, scope, group, memberId…], …]}}. Each member
 * is written once per batch however many groups it joins, and a run of ops of one kind on one group
 * (a join of many members) is one entry listing their ids. Kinds travel as their own numbers, never as
 * enum ordinals, and every batch says its protocol version ({@link #PROTOCOL}), so that a node of
 * another release can tell it does not speak this one's (pg.erl's {@code {discover, Peer, Version}}).
 *
 * @param kind what changed
 * @param scope the scope
 * @param group the group
 * @param member the member, for {@link Kind#JOIN}
 * @param memberId the member's id, for {@link Kind#JOIN} and {@link Kind#LEAVE}
 */
record Op(Kind kind, String scope, String group, GroupMember member, String memberId) {

  /** The version of this wire form: a node ignores batches of another. */
  static final Protocol PROTOCOL = new Protocol("groups", 1);

  /** What changed, with the number it travels as. */
  enum Kind {
    JOIN(1), LEAVE(2), CREATE(3), DELETE(4);

    final int wire;

    Kind(int wire) {
      this.wire = wire;
    }

    static Kind ofWire(int wire) {
      for (Kind kind : values()) {
        if (kind.wire == wire) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no op kind numbered " + wire);
    }
  }

  static Op join(String scope, String group, GroupMember member) {
    return new Op(Kind.JOIN, scope, group, member, member.id());
  }

  static Op leave(String scope, String group, String memberId) {
    return new Op(Kind.LEAVE, scope, group, null, memberId);
  }

  static Op created(String scope, String group, boolean created) {
    return new Op(created ? Kind.CREATE : Kind.DELETE, scope, group, null, null);
  }

  /** The wire form of {@code ops}, the first of which is number {@code first} of node {@code from}. */
  static JsonObject batch(String from, long first, List<Op> ops) {
    Map<String, Object> members = new LinkedHashMap<>();
    JsonArray array = new JsonArray(new ArrayList<>());
    JsonArray run = null;
    Op previous = null;
    for (Op op : ops) {
      boolean sameRun = previous != null && op.memberId != null && previous.memberId != null
        && op.kind == previous.kind && op.group.equals(previous.group) && op.scope.equals(previous.scope);
      if (!sameRun) {
        run = new JsonArray(new ArrayList<>()).add(op.kind.wire).add(op.scope).add(op.group);
        array.add(run);
      }
      if (op.memberId != null) {
        run.add(op.memberId);
      }
      if (op.member != null) {
        members.computeIfAbsent(op.memberId, id -> op.member.toJson());
      }
      previous = op;
    }
    return PROTOCOL.stamp(new JsonObject()).put("from", from).put("first", first).put("members", new JsonObject(members))
      .put("ops", array);
  }

  /** The ops of a batch, in order. */
  static List<Op> ops(JsonObject batch) {
    JsonObject members = batch.getJsonObject("members", new JsonObject());
    Map<String, GroupMember> decoded = new LinkedHashMap<>();
    JsonArray array = batch.getJsonArray("ops");
    List<Op> ops = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonArray run = array.getJsonArray(i);
      Kind kind = Kind.ofWire(run.getInteger(0));
      String scope = run.getString(1);
      String group = run.getString(2);
      if (run.size() == 3) {
        ops.add(new Op(kind, scope, group, null, null));
      }
      for (int m = 3; m < run.size(); m++) {
        String memberId = run.getString(m);
        GroupMember member = kind != Kind.JOIN ? null
          : decoded.computeIfAbsent(memberId, id -> GroupMember.fromJson(members.getJsonObject(id)));
        ops.add(new Op(kind, scope, group, member, memberId));
      }
    }
    return ops;
  }
}
