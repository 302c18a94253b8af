package multinode.groups.impl;

import io.vertx.core.json.JsonObject;
import multinode.groups.GroupMember;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This node's copy of every group, fed hand-made memberships of two owners: what reads see, which
 * writes are events, and what a dead owner takes with it.
 */
class ReplicaTest {

  private static final GroupMember MINE = member("m1", "self");
  private static final GroupMember THEIRS = member("t1", "other");
  private static final GroupMember THEIRS_TOO = member("t2", "other");

  private final Replica replica = new Replica("self");

  private static GroupMember member(String id, String nodeId) {
    return new GroupMember(id, nodeId + "@test", nodeId, "multinode.groups.member." + id, null, new JsonObject());
  }

  @Test
  void membersReadInJoinOrderAndLocalOnesApart() {
    replica.join("default", "g", THEIRS);
    replica.join("default", "g", MINE);
    replica.join("default", "g", THEIRS_TOO);

    assertThat(replica.members("default", "g")).containsExactly(THEIRS, MINE, THEIRS_TOO);
    assertThat(replica.localMembers("default", "g")).containsExactly(MINE);
    assertThat(replica.members("video", "g")).isEmpty();
    assertThat(replica.whichGroups("default")).containsExactly("g");
    assertThat(replica.snapshot("default")).containsOnlyKeys("g");
  }

  @Test
  void aRepeatedJoinOrAnUnknownLeaveChangesNothing() {
    assertThat(replica.join("default", "g", THEIRS)).isTrue();
    assertThat(replica.join("default", "g", THEIRS)).isFalse();
    assertThat(replica.leave("default", "g", "nobody")).isNull();
    assertThat(replica.leave("default", "h", "t1")).isNull();
    assertThat(replica.leave("default", "g", "t1")).isEqualTo(THEIRS);
    assertThat(replica.leave("default", "g", "t1")).isNull();
    assertThat(replica.whichGroups("default")).as("an empty group is gone").isEmpty();
  }

  @Test
  void aCreatedGroupExistsEmptyUntilDeleted() {
    replica.setCreated("default", "room", true);

    assertThat(replica.exists("default", "room")).isTrue();
    assertThat(replica.created("default", "room")).isTrue();
    assertThat(replica.createdKeys()).containsExactly(CreatedGroups.key("default", "room"));

    replica.join("default", "room", THEIRS);
    replica.setCreated("default", "room", false);
    assertThat(replica.exists("default", "room")).as("still has a member").isTrue();
    replica.leave("default", "room", "t1");
    assertThat(replica.exists("default", "room")).isFalse();
    assertThat(replica.createdKeys()).isEmpty();
  }

  @Test
  void aDeadOwnerTakesEveryMembershipOfItsMembersAndNothingElse() {
    replica.join("default", "g", THEIRS);
    replica.join("default", "h", THEIRS);
    replica.join("video", "g", THEIRS_TOO);
    replica.join("default", "g", MINE);

    List<String> left = new ArrayList<>();
    replica.dropOwner("other", (scope, group, member) -> left.add(member.id() + "@" + scope + "/" + group));

    assertThat(left).containsExactlyInAnyOrder("t1@default/g", "t1@default/h", "t2@video/g");
    assertThat(replica.members("default", "g")).containsExactly(MINE);
    assertThat(replica.owners()).isEqualTo(Set.of("self"));
    assertThat(replica.owned("other")).isEmpty();
    replica.dropOwner("other", (scope, group, member) -> left.add("again"));
    assertThat(left).hasSize(3);
  }

  @Test
  void aReadListStaysAsItWasWhileTheGroupChanges() {
    replica.join("default", "g", THEIRS);
    List<GroupMember> before = replica.members("default", "g");

    replica.join("default", "g", THEIRS_TOO);

    assertThat(before).containsExactly(THEIRS);
    assertThat(replica.members("default", "g")).containsExactly(THEIRS, THEIRS_TOO);
    assertThat(replica.member(new Replica.Key("default", "g", "t2"))).isEqualTo(THEIRS_TOO);
  }

  @Test
  void aGroupThatGrowsPastItsSmallFormKeepsOrderOwnersAndLeaves() {
    List<GroupMember> joined = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      GroupMember member = member("x" + i, i % 2 == 0 ? "self" : "other");
      joined.add(member);
      assertThat(replica.join("default", "big", member)).as("join of member %d", i).isTrue();
      assertThat(replica.join("default", "big", member)).as("repeated join of member %d", i).isFalse();
      assertThat(replica.members("default", "big")).as("after %d joins", i + 1).containsExactlyElementsOf(joined);
    }
    assertThat(replica.leave("default", "big", "x3")).isEqualTo(joined.remove(3));
    assertThat(replica.leave("default", "big", "x3")).isNull();

    assertThat(replica.members("default", "big")).containsExactlyElementsOf(joined);
    assertThat(replica.localMembers("default", "big")).extracting(GroupMember::id)
      .containsExactly("x0", "x2", "x4", "x6", "x8", "x10", "x12", "x14", "x16", "x18");
    assertThat(replica.member(new Replica.Key("default", "big", "x19"))).isEqualTo(joined.get(joined.size() - 1));
    List<GroupMember> left = new ArrayList<>();
    replica.dropOwner("other", (scope, group, member) -> left.add(member));
    assertThat(left).hasSize(9).allMatch(m -> m.nodeId().equals("other"));
    assertThat(replica.owners()).isEqualTo(Set.of("self"));
    assertThat(replica.members("default", "big")).hasSize(10).allMatch(m -> m.nodeId().equals("self"));
  }

  @Test
  void aSmallGroupLeftInAnyOrderKeepsTheRestInJoinOrder() {
    replica.join("default", "g", THEIRS);
    replica.join("default", "g", MINE);
    replica.join("default", "g", THEIRS_TOO);

    replica.leave("default", "g", "m1");
    assertThat(replica.members("default", "g")).containsExactly(THEIRS, THEIRS_TOO);
    assertThat(replica.localMembers("default", "g")).isEmpty();
    assertThat(replica.owners()).isEqualTo(Set.of("other"));
    replica.leave("default", "g", "t1");
    replica.leave("default", "g", "t2");
    assertThat(replica.exists("default", "g")).isFalse();
    assertThat(replica.owners()).isEmpty();
  }
}
