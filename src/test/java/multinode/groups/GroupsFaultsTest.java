package multinode.groups;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Groups across real clustered nodes: the tutorial's pg2 flow, concurrent joins, and a killed node. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsFaultsTest {

  private final ClusterNodes cluster = new ClusterNodes(4);
  private Multinode a;
  private Multinode b;
  private Multinode c;

  @BeforeAll
  void start() {
    a = cluster.start("a@faults");
    b = cluster.start("b@faults");
    c = cluster.start("c@faults");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void theTutorialsProcessGroupFlowAcrossTwoNodes() {
    List<Object> inbox = new CopyOnWriteArrayList<>();
    await(a.groups().create("rockstars"));
    Poll.until(Duration.ofSeconds(10), "B sees rockstars", () -> b.groups().whichGroups().contains("rockstars"));

    Groups groups = a.groups();
    await(a.vertx().deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return groups.member(msg -> inbox.add(msg.body()), null).compose(me -> groups.join("rockstars", me));
      }
    }));
    Poll.until(Duration.ofSeconds(10), "B lists the member", () -> b.groups().members("rockstars").size() == 1);
    GroupMember rockstar = b.groups().members("rockstars").get(0);

    assertThat(rockstar.node()).isEqualTo("a@faults");
    assertThat(b.groups().localMembers("rockstars")).isEmpty();
    assertThat(await(a.groups().closest("rockstars"))).isEqualTo(rockstar);
    assertThat(await(b.groups().closest("rockstars"))).isEqualTo(rockstar);
    await(b.groups().sendToClosest("rockstars", "hello from b"));
    Poll.until(Duration.ofSeconds(10), "the member got B's message", () -> inbox.contains("hello from b"));
  }

  @Test
  void aThousandConcurrentJoinsFromThreeNodesConvergeToOneView() {
    String prefix = "load-" + UUID.randomUUID() + "-";
    List<Future<Void>> joins = new ArrayList<>();
    List<Multinode> writers = List.of(a, b, c);
    for (int i = 0; i < 1000; i++) {
      Multinode node = writers.get(i % 3);
      String group = prefix + (i % 10);
      joins.add(node.groups().member(msg -> { }, null).compose(m -> node.groups().join(group, m)));
    }
    await(Future.all(joins));

    Poll.until(Duration.ofSeconds(20), "every node lists 1000 members", () ->
      writers.stream().allMatch(node -> view(node, prefix).values().stream().mapToInt(Set::size).sum() == 1000));
    Map<String, Set<String>> view = view(a, prefix);
    assertThat(view).hasSize(10);
    assertThat(view(b, prefix)).isEqualTo(view);
    assertThat(view(c, prefix)).isEqualTo(view);
    for (Multinode node : writers) {
      for (String group : view.keySet()) {
        List<GroupMember> members = node.groups().members(group);
        assertThat(members).as("no duplicates").doesNotHaveDuplicates().hasSize(100);
      }
    }
  }

  @Test
  void theMembersOfAKilledNodeDisappearFromEverySurvivor() {
    String solo = "solo-" + UUID.randomUUID();
    String mixed = "mixed-" + UUID.randomUUID();
    String kept = "kept-" + UUID.randomUUID();
    Multinode victim = cluster.start("victim@faults");
    cluster.awaitFormed();
    GroupMember survivor = await(a.groups().member(msg -> { }, null));
    await(a.groups().join(mixed, survivor));
    await(victim.groups().create(kept));
    List<GroupMember> doomed = new ArrayList<>();
    for (String group : List.of(solo, mixed, kept)) {
      GroupMember member = await(victim.groups().member(msg -> { }, null));
      await(victim.groups().join(group, member));
      doomed.add(member);
    }
    Poll.until(Duration.ofSeconds(10), "survivors see the victim's members", () ->
      List.of(a, b).stream().allMatch(n -> n.groups().members(solo).size() == 1 && n.groups().members(mixed).size() == 2));
    cluster.awaitFormed();
    List<String> leaves = new CopyOnWriteArrayList<>();
    await(b.groups().monitorAll(e -> leaves.add(e.type() + " " + e.group())));

    cluster.crash(victim);

    // failure detection of a kill takes well under a second in-JVM; the bound is detection + 1 s
    Poll.until(Duration.ofSeconds(5), "the victim's members are gone", () -> List.of(a, b, c).stream().allMatch(n ->
      n.groups().members(mixed).equals(List.of(survivor)) && n.groups().members(solo).isEmpty()
        && n.groups().members(kept).isEmpty()));
    for (Multinode node : List.of(a, b, c)) {
      assertThat(node.groups().whichGroups()).doesNotContain(solo).contains(mixed, kept);
    }
    Poll.until(Duration.ofSeconds(5), "the monitor saw three leaves", () -> leaves.size() == 3);
    assertThat(leaves).containsExactlyInAnyOrder("LEAVE " + solo, "LEAVE " + mixed, "LEAVE " + kept);
  }

  private static Map<String, Set<String>> view(Multinode node, String prefix) {
    Map<String, Set<String>> view = new TreeMap<>();
    node.groups().whichGroups().stream().filter(g -> g.startsWith(prefix)).forEach(group ->
      view.put(group, node.groups().members(group).stream().map(GroupMember::id).collect(Collectors.toCollection(HashSet::new))));
    return view;
  }
}
