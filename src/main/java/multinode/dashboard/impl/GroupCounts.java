package multinode.dashboard.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.groups.GroupEvent;
import multinode.groups.GroupMember;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Members per group per node, for every scope watched, and what changed since the last {@link #flush()}:
 * the dashboard's groups panel. A group's count on a node is its members living there; a group with no
 * members left is gone. Not thread-safe: the dashboard's context owns it.
 */
final class GroupCounts {

  /** Join and leave events carried by one flush; the rest are counted. */
  static final int EVENTS_PER_FLUSH = 200;

  /** scope → group → node → members. */
  private final Map<String, Map<String, Map<String, Integer>>> counts = new TreeMap<>();
  private final Set<List<String>> changed = new LinkedHashSet<>();
  private final List<JsonObject> events = new ArrayList<>();
  private int joins;
  private int leaves;

  /** Starts a scope from its monitor's snapshot (group → members); what the scope held before is replaced. */
  void load(String scope, Map<String, List<GroupMember>> snapshot) {
    Map<String, Map<String, Integer>> groups = new TreeMap<>();
    snapshot.forEach((group, members) -> {
      Map<String, Integer> byNode = new TreeMap<>();
      members.forEach(member -> byNode.merge(member.node(), 1, Integer::sum));
      if (!byNode.isEmpty()) {
        groups.put(group, byNode);
      }
    });
    Map<String, Map<String, Integer>> before = counts.put(scope, groups);
    if (before != null) {
      before.keySet().forEach(group -> changed.add(List.of(scope, group)));
    }
    groups.keySet().forEach(group -> changed.add(List.of(scope, group)));
  }

  /** Whether this scope is watched. */
  boolean has(String scope) {
    return counts.containsKey(scope);
  }

  /** A member joined or left. */
  void apply(GroupEvent event) {
    Map<String, Map<String, Integer>> groups = counts.computeIfAbsent(event.scope(), s -> new TreeMap<>());
    Map<String, Integer> byNode = groups.computeIfAbsent(event.group(), g -> new TreeMap<>());
    String node = event.member().node();
    if (event.type() == GroupEvent.Type.JOIN) {
      byNode.merge(node, 1, Integer::sum);
      joins++;
    } else {
      byNode.computeIfPresent(node, (n, count) -> count > 1 ? count - 1 : null);
      leaves++;
    }
    if (byNode.isEmpty()) {
      groups.remove(event.group());
    }
    changed.add(List.of(event.scope(), event.group()));
    if (events.size() < EVENTS_PER_FLUSH) {
      events.add(event.toJson().put("node", node));
    }
  }

  /** Every scope's groups: {@code {scope: {group: {node: members}}}}. */
  JsonObject all() {
    JsonObject all = new JsonObject();
    counts.forEach((scope, groups) -> {
      JsonObject byGroup = new JsonObject();
      groups.forEach((group, byNode) -> byGroup.put(group, new JsonObject(new TreeMap<>(byNode))));
      all.put(scope, byGroup);
    });
    return all;
  }

  /** Joins since the last flush. */
  int joins() {
    return joins;
  }

  /** Leaves since the last flush. */
  int leaves() {
    return leaves;
  }

  /**
   * What changed since the last flush, then forgets it: {@code {"type":"groups","counts":{scope:{group:
   * {node: members}|null}},"events":[…],"more":n}}, a group gone being null; null when nothing changed.
   */
  JsonObject flush() {
    if (changed.isEmpty()) {
      return null;
    }
    JsonObject updated = new JsonObject();
    for (List<String> key : changed) {
      Map<String, Integer> byNode = counts.getOrDefault(key.get(0), Map.of()).get(key.get(1));
      JsonObject scope = updated.getJsonObject(key.get(0));
      if (scope == null) {
        scope = new JsonObject();
        updated.put(key.get(0), scope);
      }
      scope.put(key.get(1), byNode == null ? null : new JsonObject(new TreeMap<>(byNode)));
    }
    JsonObject flushed = new JsonObject().put("type", "groups").put("counts", updated)
      .put("events", new JsonArray(new ArrayList<>(events))).put("more", Math.max(0, joins + leaves - events.size()));
    changed.clear();
    events.clear();
    joins = 0;
    leaves = 0;
    return flushed;
  }
}
