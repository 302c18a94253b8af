package multinode.groups.impl;

import io.vertx.core.json.JsonObject;
import multinode.groups.GroupMember;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The join counts of this node's members, driven by hand as {@code pg_SUITE} drives {@code pg}: a member
 * may join a group many times and is in it until it left as often; only the first join and the last
 * leave travel to the other nodes.
 */
class LocalMembersTest {

  private static final GroupMember ONE = member("1");
  private static final GroupMember TWO = member("2");

  private final LocalMembers members = new LocalMembers();

  private static GroupMember member(String id) {
    return new GroupMember(id, "a@test", "node-a", "multinode.groups.member." + id, null, new JsonObject());
  }

  @Test
  void onlyTheFirstJoinAndTheLastLeaveAreOps() {
    members.add(ONE);

    assertThat(members.join("default", "g", ONE)).containsExactly(Op.join("default", "g", ONE));
    assertThat(members.join("default", "g", ONE)).isEmpty();
    assertThat(members.leave("default", "g", ONE)).isEmpty();
    assertThat(members.leave("default", "g", ONE)).containsExactly(Op.leave("default", "g", "1"));
    assertThat(members.snapshot()).isEmpty();
  }

  @Test
  void aMemberJoinedTwiceInOneCallCountsTwice() {
    members.add(ONE);
    members.add(TWO);

    assertThat(members.join("default", "g", ONE, ONE, TWO)).containsExactly(Op.join("default", "g", ONE), Op.join("default", "g", TWO));
    assertThat(members.leave("default", "g", ONE, TWO)).containsExactly(Op.leave("default", "g", "2"));
    assertThat(members.snapshot()).containsExactly(Op.join("default", "g", ONE));
  }

  @Test
  void aRefusedCallChangesNothing() {
    members.add(ONE);
    members.join("default", "g", ONE);

    GroupsException notLocal = catchThrowableOfType(GroupsException.class, () -> members.join("default", "g", ONE, TWO));
    GroupsException notJoined = catchThrowableOfType(GroupsException.class, () -> members.leave("default", "g", ONE, ONE));
    GroupsException stranger = catchThrowableOfType(GroupsException.class, () -> members.leave("default", "g", TWO));

    assertThat(notLocal.failure()).isEqualTo(GroupsFailure.NOT_LOCAL);
    assertThat(notJoined.failure()).isEqualTo(GroupsFailure.NOT_JOINED);
    assertThat(stranger.failure()).isEqualTo(GroupsFailure.NOT_LOCAL);
    assertThat(members.snapshot()).as("one join of member 1, as before the refused calls").containsExactly(Op.join("default", "g", ONE));
    assertThat(members.leave("default", "g", ONE)).containsExactly(Op.leave("default", "g", "1"));
  }

  @Test
  void scopesAreApartAndAGoneMemberLeavesEverything() {
    members.add(ONE);
    members.join("default", "g", ONE);
    members.join("default", "g", ONE);
    members.join("video", "g", ONE);

    assertThat(members.remove("1")).containsExactlyInAnyOrder(Op.leave("default", "g", "1"), Op.leave("video", "g", "1"));
    assertThat(members.snapshot()).isEmpty();
    assertThat(catchThrowableOfType(GroupsException.class, () -> members.join("default", "g", ONE)).failure())
      .isEqualTo(GroupsFailure.NOT_LOCAL);
  }

  @Test
  void deletingAGroupTakesEveryLocalMemberOutWhateverItsCount() {
    members.add(ONE);
    members.add(TWO);
    members.join("default", "g", ONE, ONE, TWO);
    members.join("default", "h", ONE);

    assertThat(members.clear("default", "g")).containsExactlyInAnyOrder(Op.leave("default", "g", "1"), Op.leave("default", "g", "2"));
    assertThat(members.snapshot()).isEqualTo(List.of(Op.join("default", "h", ONE)));
  }

  @Test
  void aMemberThatJoinsAndLeavesManyTimesLeavesOnlyWhatItIsInWhenGone() {
    members.add(ONE);
    members.join("default", "kept", ONE);
    for (int i = 0; i < 1000; i++) {
      members.join("default", "g" + (i % 7), ONE);
      members.leave("default", "g" + (i % 7), ONE);
    }
    members.join("default", "g3", ONE);

    assertThat(members.remove("1")).containsExactlyInAnyOrder(Op.leave("default", "kept", "1"), Op.leave("default", "g3", "1"));
    assertThat(members.snapshot()).isEmpty();
  }

  @Test
  void aGroupOfOneThatASecondMemberJoinsCountsBoth() {
    members.add(ONE);
    members.add(TWO);
    members.join("default", "g", ONE);
    members.join("default", "g", TWO);
    members.join("default", "g", TWO);

    assertThat(members.remove("1")).containsExactly(Op.leave("default", "g", "1"));
    assertThat(members.snapshot()).containsExactly(Op.join("default", "g", TWO));
    assertThat(members.leave("default", "g", TWO)).isEmpty();
    assertThat(members.leave("default", "g", TWO)).containsExactly(Op.leave("default", "g", "2"));
    assertThat(members.snapshot()).isEmpty();
    assertThat(members.join("default", "g")).as("a join of nobody").isEmpty();
    assertThat(members.snapshot()).isEmpty();
  }
}
