package multinode.groups.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.groups.GroupMember;

import java.util.ArrayList;
import java.util.List;

/**
 * One membership change as a node sends it to the others. A node numbers its own ops 1, 2, 3, … and
 * sends them in batches {@code {"from": nodeId, "first": seq, "ops": [...]}}.
 *
 * @param kind what changed
 * @param scope the scope
 * @param group the group
 * @param member the member, for {@link Kind#JOIN}
 * @param memberId the member's id, for {@link Kind#JOIN} and {@link Kind#LEAVE}
 */
record Op(Kind kind, String scope, String group, GroupMember member, String memberId) {

  enum Kind { JOIN, LEAVE, CREATE, DELETE }

  static Op join(String scope, String group, GroupMember member) {
    return new Op(Kind.JOIN, scope, group, member, member.id());
  }

  static Op leave(String scope, String group, String memberId) {
    return new Op(Kind.LEAVE, scope, group, null, memberId);
  }

  static Op created(String scope, String group, boolean created) {
    return new Op(created ? Kind.CREATE : Kind.DELETE, scope, group, null, null);
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("k", kind.ordinal()).put("s", scope).put("g", group);
    if (member != null) {
      json.put("m", member.toJson());
    } else if (memberId != null) {
      json.put("id", memberId);
    }
    return json;
  }

  static Op fromJson(JsonObject json) {
    Kind kind = Kind.values()[json.getInteger("k")];
    JsonObject member = json.getJsonObject("m");
    return new Op(kind, json.getString("s"), json.getString("g"),
      member == null ? null : GroupMember.fromJson(member),
      member == null ? json.getString("id") : member.getString("id"));
  }

  static JsonObject batch(String from, long first, List<Op> ops) {
    JsonArray array = new JsonArray(new ArrayList<>(ops.size()));
    ops.forEach(op -> array.add(op.toJson()));
    return new JsonObject().put("from", from).put("first", first).put("ops", array);
  }

  static List<Op> ops(JsonObject batch) {
    JsonArray array = batch.getJsonArray("ops");
    List<Op> ops = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      ops.add(fromJson(array.getJsonObject(i)));
    }
    return ops;
  }
}
