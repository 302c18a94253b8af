package multinode.groups.impl;

import io.vertx.core.json.JsonObject;
import multinode.groups.GroupMember;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A big group's members in two arrays, checked against a {@code LinkedHashMap} doing the same: joins,
 * leaves in any order, members that come back, and a group that grows to thousands and shrinks again.
 */
class MemberTableTest {

  private static GroupMember member(String id) {
    return new GroupMember(id, "n@test", "n", "multinode.groups.member." + id, null, new JsonObject());
  }

  @Test
  void joinsAndLeavesInAnyOrderKeepJoinOrderAsALinkedHashMapDoes() {
    Random random = new Random(42);
    MemberTable table = new MemberTable();
    Map<String, GroupMember> model = new LinkedHashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // ids from a pool a little bigger than the group, so that members leave and come back
      String id = "m" + random.nextInt(3_000);
      if (random.nextInt(100) < 55) {
        GroupMember member = member(id);
        assertThat(table.add(member)).as("add %s at step %d", id, step).isEqualTo(model.putIfAbsent(id, member) == null);
      } else {
        assertThat(table.remove(id)).as("remove %s at step %d", id, step).isEqualTo(model.remove(id));
      }
      assertThat(table.size()).isEqualTo(model.size());
      if (step % 5_000 == 0) {
        assertThat(table.members()).as("at step %d", step).containsExactlyElementsOf(model.values());
      }
    }
    assertThat(table.members()).containsExactlyElementsOf(model.values());
    for (String id : model.keySet()) {
      assertThat(table.get(id)).isSameAs(model.get(id));
    }
    assertThat(table.get("nobody")).isNull();
  }

  @Test
  void aGroupThatGrowsToThousandsAndShrinksToAFewKeepsTheRestInOrder() {
    MemberTable table = new MemberTable();
    List<GroupMember> joined = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      GroupMember member = member("x" + i);
      joined.add(member);
      assertThat(table.add(member)).isTrue();
    }
    assertThat(table.add(member("x5"))).as("a member in already").isFalse();
    List<GroupMember> kept = new ArrayList<>();
    for (GroupMember member : joined) {
      if (member.id().endsWith("77")) {
        kept.add(member);
      } else {
        assertThat(table.remove(member.id())).isSameAs(member);
      }
    }
    assertThat(table.members()).containsExactlyElementsOf(kept);
    assertThat(table.size()).isEqualTo(100);
    GroupMember back = member("x1");
    assertThat(table.add(back)).as("a member that left, back").isTrue();
    kept.add(back);
    assertThat(table.members()).containsExactlyElementsOf(kept);
  }
}
