package multinode.chat.impl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The presence replica driven by hand-made diffs and states of two nodes, as Phoenix's
 * {@code tracker/state_test.exs} drives its CRDT without nodes: what each change tells the listener, and
 * when two replicas' digests agree.
 */
class PresenceReplicaTest {

  private static final Presence ALICE = new Presence("r1", "alice", "a@x", "a");
  private static final Presence BOB = new Presence("r2", "bob", "b@x", "b");
  private static final Presence BOB_AGAIN = new Presence("r3", "bob", "b@x", "b");

  private final List<String> changes = new ArrayList<>();
  private final PresenceReplica replica = new PresenceReplica((room, joins, leaves) ->
    changes.add(room + " +" + joins.stream().map(Presence::ref).toList() + " -" + leaves.stream().map(Presence::ref).toList()));

  @Test
  void aDiffIsOneChangeAndWhatIsAlreadySoIsNone() {
    replica.apply("lobby", List.of(ALICE, BOB), List.of());
    replica.apply("lobby", List.of(ALICE), List.of());
    replica.apply("lobby", List.of(), List.of(BOB_AGAIN));
    replica.apply("lobby", List.of(BOB_AGAIN), List.of(BOB));

    assertThat(changes).containsExactly("lobby +[r1, r2] -[]", "lobby +[r3] -[r2]");
    assertThat(replica.in("lobby")).containsExactlyInAnyOrder(ALICE, BOB_AGAIN);
    assertThat(replica.get("lobby", "r3")).isEqualTo(BOB_AGAIN);
  }

  @Test
  void anEmptiedRoomIsGone() {
    replica.apply("attic", List.of(ALICE), List.of());
    replica.apply("attic", List.of(), List.of(ALICE));

    assertThat(replica.rooms()).isEmpty();
    assertThat(replica.in("attic")).isEmpty();
  }

  @Test
  void aNodesStateReplacesOnlyItsOwnPresencesRoomByRoom() {
    replica.apply("lobby", List.of(ALICE, BOB), List.of());
    replica.apply("hall", List.of(BOB), List.of());
    changes.clear();

    replica.replaceNode("b", Map.of("lobby", List.of(BOB), "kitchen", List.of(BOB_AGAIN)));

    assertThat(changes).containsExactly("hall +[] -[r2]", "kitchen +[r3] -[]");
    assertThat(replica.rooms()).containsExactly("kitchen", "lobby");
    assertThat(replica.ownedBy("a")).isEqualTo(Map.of("lobby", List.of(ALICE)));
    assertThat(replica.ownedBy("b")).containsOnlyKeys("lobby", "kitchen");
  }

  @Test
  void aDownNodeLeavesEveryRoom() {
    replica.apply("lobby", List.of(ALICE, BOB), List.of());
    replica.apply("hall", List.of(BOB_AGAIN), List.of());
    changes.clear();

    replica.replaceNode("b", Map.of());

    assertThat(changes).containsExactly("hall +[] -[r3]", "lobby +[] -[r2]");
    assertThat(replica.ownedBy("b")).isEmpty();
    assertThat(replica.digest("b")).isEqualTo(new PresenceReplica.Digest(0, 0));
  }

  @Test
  void digestsAgreeWhateverTheOrderAndDifferWhenAPresenceIsMissingOrMoved() {
    PresenceReplica other = new PresenceReplica((room, joins, leaves) -> { });
    replica.apply("lobby", List.of(BOB, BOB_AGAIN), List.of());
    other.apply("lobby", List.of(BOB_AGAIN), List.of());
    other.apply("lobby", List.of(BOB), List.of());

    assertThat(other.digest("b")).isEqualTo(replica.digest("b"));
    assertThat(replica.digest("b").count()).isEqualTo(2);

    other.apply("lobby", List.of(), List.of(BOB));
    assertThat(other.digest("b")).isNotEqualTo(replica.digest("b"));

    other.apply("hall", List.of(BOB), List.of());
    assertThat(other.digest("b").count()).isEqualTo(2);
    assertThat(other.digest("b")).as("the same presence in another room").isNotEqualTo(replica.digest("b"));
  }
}
