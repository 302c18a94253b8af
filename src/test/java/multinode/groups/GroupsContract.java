package multinode.groups;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link Groups} promises, run unchanged against one node alone and against a cluster: changes
 * are made on the {@link #writer()} node and observed on the {@link #reader()} node.
 */
abstract class GroupsContract {

  /** The node where members are made and joined. */
  abstract Multinode writer();

  /** The node whose view is checked (the writer itself when alone). */
  abstract Multinode reader();

  private static String fresh(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static void eventually(String what, BooleanSupplier condition) {
    Poll.until(Duration.ofSeconds(10), what, condition);
  }

  private GroupMember member(List<Object> inbox) {
    return await(writer().groups().member(msg -> {
      inbox.add(msg.body());
      if (msg.replyAddress() != null) {
        msg.reply("pong from " + writer().nodes().self().name());
      }
    }, new JsonObject().put("role", "test")));
  }

  @Test
  void aCreatedGroupIsVisibleEverywhereEvenEmptyUntilDeleted() {
    String group = fresh("rockstars");
    await(writer().groups().create(group));

    eventually("reader sees the created group", () -> reader().groups().whichGroups().contains(group));
    assertThat(reader().groups().members(group)).isEmpty();

    await(writer().groups().delete(group));
    eventually("reader no longer sees it", () -> !reader().groups().whichGroups().contains(group));
  }

  @Test
  void aJoinedMemberIsListedWithItsNodeAndLeavesAfterAsManyLeavesAsJoins() {
    String group = fresh("encoders");
    GroupMember member = member(new CopyOnWriteArrayList<>());

    await(writer().groups().join(group, member));
    await(writer().groups().join(group, member));
    eventually("reader lists the member", () -> reader().groups().members(group).contains(member));
    assertThat(reader().groups().members(group)).containsExactly(member);
    assertThat(member.node()).isEqualTo(writer().nodes().self().name());
    assertThat(writer().groups().localMembers(group)).containsExactly(member);

    await(writer().groups().leave(group, member));
    assertThat(writer().groups().members(group)).containsExactly(member);
    await(writer().groups().leave(group, member));
    eventually("reader no longer lists it", () -> reader().groups().members(group).isEmpty());
    assertThat(reader().groups().whichGroups()).doesNotContain(group);
    assertThatThrownBy(() -> await(writer().groups().leave(group, member)))
      .isInstanceOfSatisfying(GroupsException.class, e -> assertThat(e.failure()).isEqualTo(GroupsFailure.NOT_JOINED));
  }

  @Test
  void aRefusedLeaveChangesNothing() {
    String group = fresh("pair");
    GroupMember in = member(new CopyOnWriteArrayList<>());
    GroupMember out = member(new CopyOnWriteArrayList<>());
    await(writer().groups().join(group, in));

    assertThatThrownBy(() -> await(writer().groups().leave(group, in, out)))
      .isInstanceOfSatisfying(GroupsException.class, e -> assertThat(e.failure()).isEqualTo(GroupsFailure.NOT_JOINED));
    assertThat(writer().groups().members(group)).containsExactly(in);
  }

  @Test
  void messagesReachTheClosestMemberAndEachMemberOnce() {
    String group = fresh("workers");
    List<Object> inbox1 = new CopyOnWriteArrayList<>();
    List<Object> inbox2 = new CopyOnWriteArrayList<>();
    await(writer().groups().join(group, member(inbox1), member(inbox2)));
    eventually("reader lists both", () -> reader().groups().members(group).size() == 2);

    await(reader().groups().sendToClosest(group, "job-1"));
    String reply = await(reader().groups().<String>requestClosest(group, "ping")).body();
    int sent = await(reader().groups().publishToGroup(group, "all-hands"));

    eventually("every message arrived", () -> inbox1.size() + inbox2.size() == 4);
    assertThat(reply).isEqualTo("pong from " + writer().nodes().self().name());
    assertThat(sent).isEqualTo(2);
    assertThat(inbox1).contains("all-hands");
    assertThat(inbox2).contains("all-hands");
  }

  @Test
  void closestOfAnEmptyGroupIsNoProcess() {
    assertThatThrownBy(() -> await(reader().groups().closest(fresh("nobody"))))
      .isInstanceOfSatisfying(GroupsException.class, e -> assertThat(e.failure()).isEqualTo(GroupsFailure.NO_PROCESS));
  }

  @Test
  void badNamesAndForeignMembersAreRefusedWithoutChange() {
    String group = fresh("strict");
    GroupMember member = member(new CopyOnWriteArrayList<>());
    GroupMember foreign = new GroupMember(UUID.randomUUID().toString(), "elsewhere", "no-such-node", "nowhere", null, null);
    await(writer().groups().join(group, member));

    assertThatThrownBy(() -> await(writer().groups().join("", member))).isInstanceOfSatisfying(GroupsException.class,
      e -> assertThat(e.failure()).isEqualTo(GroupsFailure.INVALID_GROUP));
    assertThatThrownBy(() -> await(writer().groups().join("x".repeat(Groups.MAX_NAME_LENGTH + 1), member)))
      .isInstanceOfSatisfying(GroupsException.class, e -> assertThat(e.failure()).isEqualTo(GroupsFailure.INVALID_GROUP));
    assertThatThrownBy(() -> await(writer().groups().join("tab\there", member)))
      .isInstanceOfSatisfying(GroupsException.class, e -> assertThat(e.failure()).isEqualTo(GroupsFailure.INVALID_GROUP));
    assertThatThrownBy(() -> await(writer().groups().join(group, foreign)))
      .isInstanceOfSatisfying(GroupsException.class, e -> assertThat(e.failure()).isEqualTo(GroupsFailure.NOT_LOCAL));
    assertThatThrownBy(() -> writer().groups().scope("bad\nscope"))
      .isInstanceOfSatisfying(GroupsException.class, e -> assertThat(e.failure()).isEqualTo(GroupsFailure.INVALID_SCOPE));
    assertThat(writer().groups().members(group)).containsExactly(member);
    assertThat(writer().groups().members("x".repeat(Groups.MAX_NAME_LENGTH))).isEmpty();
  }

  @Test
  void scopesAreIndependentNamespaces() {
    String group = fresh("shared-name");
    GroupMember member = member(new CopyOnWriteArrayList<>());
    Groups video = writer().groups().scope("video");

    await(video.join(group, member));

    eventually("reader sees it in scope video", () -> reader().groups().scope("video").members(group).contains(member));
    assertThat(reader().groups().members(group)).isEmpty();
    assertThat(reader().groups().whichGroups()).doesNotContain(group);
  }

  @Test
  void aMonitorGetsTheSnapshotThenEveryChangeInOrder() {
    String group = fresh("watched");
    GroupMember first = member(new CopyOnWriteArrayList<>());
    GroupMember second = member(new CopyOnWriteArrayList<>());
    await(writer().groups().join(group, first));
    eventually("reader lists the first member", () -> reader().groups().members(group).size() == 1);
    List<String> events = new CopyOnWriteArrayList<>();

    GroupMonitor monitor = await(reader().groups().monitor(group, e -> events.add(e.type() + " " + e.member().id())));
    await(writer().groups().join(group, second));
    await(writer().groups().leave(group, first));
    await(writer().groups().leave(group, second));

    assertThat(monitor.snapshot().get(group)).containsExactly(first);
    eventually("three events", () -> events.size() == 3);
    assertThat(events).containsExactly("JOIN " + second.id(), "LEAVE " + first.id(), "LEAVE " + second.id());
    monitor.close();
  }

  @Test
  void aVerticleMemberLeavesEveryGroupWhenUndeployed() {
    String group = fresh("transcoders");
    Groups groups = writer().groups();
    String deployment = await(writer().vertx().deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return groups.member(msg -> msg.reply("ok"), null)
          .compose(me -> Future.all(groups.join(group, me), groups.join(group + "-b", me)));
      }
    }));
    eventually("reader lists the verticle", () -> reader().groups().members(group).size() == 1);
    assertThat(reader().groups().members(group).get(0).deploymentId()).isEqualTo(deployment);

    await(writer().vertx().undeploy(deployment));

    eventually("reader no longer lists it", () -> reader().groups().members(group).isEmpty()
      && reader().groups().members(group + "-b").isEmpty());
  }
}
