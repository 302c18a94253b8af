package multinode.groups.impl;

import io.vertx.core.json.JsonObject;
import multinode.groups.GroupEvent;
import multinode.groups.GroupMember;
import org.junit.jupiter.api.Test;

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
  void aRepeatedJoinOrAnUnknownLeaveIsNoEvent() {
    GroupEvent joined = replica.join("default", "g", THEIRS);

    assertThat(joined.type()).isEqualTo(GroupEvent.Type.JOIN);
    assertThat(replica.join("default", "g", THEIRS)).isNull();
    assertThat(replica.leave("default", "g", "nobody")).isNull();
    assertThat(replica.leave("default", "h", "t1")).isNull();
    assertThat(replica.leave("default", "g", "t1").type()).isEqualTo(GroupEvent.Type.LEAVE);
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

    List<GroupEvent> left = replica.dropOwner("other");

    assertThat(left).extracting(GroupEvent::type).containsOnly(GroupEvent.Type.LEAVE);
    assertThat(left).extracting(e -> e.member().id() + "@" + e.scope() + "/" + e.group())
      .containsExactlyInAnyOrder("t1@default/g", "t1@default/h", "t2@video/g");
    assertThat(replica.members("default", "g")).containsExactly(MINE);
    assertThat(replica.owners()).isEqualTo(Set.of("self"));
    assertThat(replica.owned("other")).isEmpty();
    assertThat(replica.dropOwner("other")).isEmpty();
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
}
