package multinode.groups;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A member joined or left a group, as this node's replica saw it ({@code pg:monitor}).
 * <p>
 * A member that joins a group it is already in (pg's join counts) produces no second event; the
 * leave event comes when its last join is undone, when its deployment is undeployed, or when its node
 * goes down.
 *
 * @param type join or leave
 * @param scope the scope of the group
 * @param group the group
 * @param member the member
 */
public record GroupEvent(Type type, String scope, String group, GroupMember member) {

  /** Whether the member came or went. */
  public enum Type { JOIN, LEAVE }

  public GroupEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(member, "member");
  }

  /** {@code {"type":"join"|"leave","scope","group","member":{…}}}. */
  public JsonObject toJson() {
    return new JsonObject().put("type", type.name().toLowerCase()).put("scope", scope).put("group", group)
      .put("member", member.toJson());
  }

  @Override
  public String toString() {
    return type.name().toLowerCase() + " " + group + " " + member.id() + "@" + member.node();
  }
}
