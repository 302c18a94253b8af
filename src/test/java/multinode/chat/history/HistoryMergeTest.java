package multinode.chat.history;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static multinode.chat.history.RoomHistoryTest.seqs;
import static org.assertj.core.api.Assertions.assertThat;

/** The heal of a room's history after a partition, fed with the two sides' histories by hand. */
class HistoryMergeTest {

  /** A draft said at second {@code s} through {@code node}. */
  private static String said(String id, int s, String node) {
    return new JsonObject().put("type", "message").put("id", id).put("ts", String.format("2026-12-01T10:00:%02dZ", s))
      .put("from", "u").put("node", node).put("text", id).encode();
  }

  private static RoomHistory history(String epoch, String... drafts) {
    RoomHistory history = new RoomHistory(epoch);
    history.append(drafts, 100);
    return history;
  }

  private static List<String> ids(RoomHistory history) {
    return history.all().stream().map(m -> new JsonObject(m).getString("id")).toList();
  }

  @Test
  void whenOnlyOneSideSpokeItsHistoryContinuesUnchanged() {
    String[] before = {said("a", 1, "n1"), said("b", 2, "n1")};
    RoomHistory quiet = history("e1", before);
    RoomHistory talked = history("e1", before);
    talked.append(new String[] {said("c", 3, "n2")}, 100);

    assertThat(HistoryMerge.merge(talked, quiet, "e2", 100)).isSameAs(talked);
    assertThat(HistoryMerge.merge(quiet, talked, "e2", 100)).isSameAs(talked);
    assertThat(HistoryMerge.merge(null, quiet, "e2", 100)).isSameAs(quiet);
    assertThat(HistoryMerge.merge(quiet, null, "e2", 100)).isSameAs(quiet);
  }

  @Test
  void whenBothSidesSpokeEveryMessageIsKeptOnceInTheOrderSaidUnderANewEpoch() {
    String[] before = {said("a", 1, "n1"), said("b", 2, "n1")};
    RoomHistory larger = history("e1", before);
    larger.append(new String[] {said("c", 5, "n1"), said("e", 9, "n2")}, 100);
    RoomHistory smaller = history("e1", before);
    smaller.append(new String[] {said("d", 7, "n3"), said("f", 11, "n3")}, 100);

    RoomHistory merged = HistoryMerge.merge(larger, smaller, "e2", 100);

    assertThat(ids(merged)).containsExactly("a", "b", "c", "d", "e", "f");
    assertThat(seqs(merged.all())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(merged.epoch()).isEqualTo("e2");
    assertThat(merged.all()).allSatisfy(m -> assertThat(new JsonObject(m).getString("epoch")).isEqualTo("e2"));
    assertThat(merged.lastSeq()).isEqualTo(6);
    assertThat(HistoryMerge.merge(smaller, larger, "e2", 100).all()).as("either way round, the same history")
      .isEqualTo(merged.all());
  }

  @Test
  void aSideThatHadNoCopyOfTheRoomStartedAFreshHistoryAndBothAreJoined() {
    RoomHistory larger = history("e1", said("a", 1, "n1"), said("c", 5, "n1"));
    RoomHistory fresh = history("x9", said("b", 3, "n3"));

    RoomHistory merged = HistoryMerge.merge(larger, fresh, "e2", 100);

    assertThat(ids(merged)).containsExactly("a", "b", "c");
    assertThat(seqs(merged.all())).containsExactly(1L, 2L, 3L);
    assertThat(merged.epoch()).isEqualTo("e2");
  }

  @Test
  void theMergedHistoryKeepsTheNewestUpToTheLimit() {
    RoomHistory larger = history("e1", said("a", 1, "n1"), said("b", 2, "n1"), said("c", 3, "n1"));
    RoomHistory smaller = history("e1", said("a", 1, "n1"), said("d", 4, "n3"));

    RoomHistory merged = HistoryMerge.merge(larger, smaller, "e2", 2);

    assertThat(ids(merged)).containsExactly("c", "d");
    assertThat(merged.lastSeq()).isEqualTo(4);
    assertThat(merged.firstSeq()).isEqualTo(3);
  }
}
