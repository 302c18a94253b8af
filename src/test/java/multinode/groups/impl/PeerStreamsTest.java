package multinode.groups.impl;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Another node's ops put back in its order, fed with hand-made batches, as pg_SUITE sends hand-made messages. */
class PeerStreamsTest {

  private final PeerStreams streams = new PeerStreams();

  /** Ops of node b numbered from {@code first}: creations of groups named after their numbers. */
  private static List<Op> ops(long first, int count) {
    return IntStream.range(0, count).mapToObj(i -> Op.created("default", "g" + (first + i), true)).toList();
  }

  private static List<String> groups(List<Op> ops) {
    return ops.stream().map(Op::group).toList();
  }

  @Test
  void opsAreHeldUntilTheSnapshotAndThoseItCoversAreDropped() {
    assertThat(streams.needsSnapshot("b")).isTrue();
    assertThat(streams.receive("b", 1, ops(1, 3))).as("no snapshot yet").isEmpty();
    assertThat(streams.receive("b", 4, ops(4, 2))).isEmpty();

    List<Op> next = streams.synced("b", 4);

    assertThat(groups(next)).containsExactly("g5");
    assertThat(streams.needsSnapshot("b")).isFalse();
  }

  @Test
  void batchesArrivingOutOfOrderComeOutInOrder() {
    streams.synced("b", 0);

    assertThat(streams.receive("b", 3, ops(3, 2))).as("2 is missing").isEmpty();
    assertThat(groups(streams.receive("b", 1, ops(1, 2)))).containsExactly("g1", "g2", "g3", "g4");
  }

  @Test
  void aMissingNumberStopsTheStreamUntilANewSnapshot() {
    streams.synced("b", 0);
    streams.receive("b", 1, ops(1, 2));

    assertThat(streams.receive("b", 5, ops(5, 1))).isEmpty();
    assertThat(streams.needsSnapshot("b")).as("3 and 4 never came").isTrue();
    assertThat(groups(streams.synced("b", 4))).containsExactly("g5");
    assertThat(streams.needsSnapshot("b")).isFalse();
  }

  @Test
  void aBatchOverlappingWhatWasAppliedGivesOnlyTheNewOps() {
    streams.synced("b", 2);

    assertThat(groups(streams.receive("b", 1, ops(1, 4)))).containsExactly("g3", "g4");
  }

  @Test
  void aNodeThatWentDownStartsOverWithASnapshot() {
    streams.synced("b", 7);
    streams.forget("b");

    assertThat(streams.needsSnapshot("b")).isTrue();
    assertThat(streams.receive("b", 8, ops(8, 1))).isEmpty();
  }
}
