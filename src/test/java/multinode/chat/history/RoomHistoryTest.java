package multinode.chat.history;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One room's history in memory, fed with hand-made drafts. */
class RoomHistoryTest {

  static String draft(String id) {
    return new JsonObject().put("type", "message").put("id", id).put("ts", "2026-12-01T10:00:00Z").put("from", "a")
      .put("node", "n1").put("text", "t " + id).encode();
  }

  static String[] drafts(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> draft("id" + i)).toArray(String[]::new);
  }

  static List<Long> seqs(List<String> messages) {
    return messages.stream().map(m -> new JsonObject(m).getLong("seq")).toList();
  }

  @Test
  void appendsAreNumberedOnAndStampedAsADraftWithItsSeqAndEpoch() {
    RoomHistory history = new RoomHistory("e1");

    assertThat(history.append(drafts(1, 3), 10)).isEqualTo(3);
    assertThat(history.append(drafts(4, 4), 10)).isEqualTo(4);

    List<String> all = history.all();
    assertThat(seqs(all)).containsExactly(1L, 2L, 3L, 4L);
    JsonObject expected = new JsonObject(draft("id1")).put("seq", 1L).put("epoch", "e1");
    assertThat(all.get(0)).isEqualTo(expected.encode());
  }

  @Test
  void beyondItsLimitTheOldestGoAndTheNumbersStay() {
    RoomHistory history = new RoomHistory("e1");
    for (int batch = 0; batch < 10; batch++) {
      history.append(drafts(batch * 7 + 1, batch * 7 + 7), 20);
    }

    assertThat(history.lastSeq()).isEqualTo(70);
    assertThat(history.firstSeq()).isEqualTo(51);
    assertThat(seqs(history.all())).containsExactlyElementsOf(IntStream.rangeClosed(51, 70).mapToObj(i -> (long) i).toList());
  }

  @Test
  void aSliceIsTheNewestMessagesInItsRangeWithTheRoomsBounds() {
    RoomHistory history = new RoomHistory("e1");
    history.append(drafts(1, 30), 25);

    assertThat(seqs(history.messages(0, Long.MAX_VALUE, 5))).containsExactly(26L, 27L, 28L, 29L, 30L);
    assertThat(seqs(history.messages(0, 10, 5))).containsExactly(6L, 7L, 8L, 9L);
    assertThat(seqs(history.messages(27, Long.MAX_VALUE, 100))).containsExactly(28L, 29L, 30L);
    assertThat(history.messages(30, Long.MAX_VALUE, 100)).isEmpty();
    assertThat(history.messages(0, 1, 1)).isEmpty();
    Slice slice = Slice.fromJson(new JsonObject(history.slice(0, 8, 2)));
    assertThat(slice.epoch()).isEqualTo("e1");
    assertThat(slice.lastSeq()).isEqualTo(30);
    assertThat(slice.firstSeq()).isEqualTo(6);
    assertThat(slice.messages()).extracting(m -> m.getLong("seq")).containsExactly(6L, 7L);
    assertThat(slice.olderKept(0)).isFalse();
  }

  @Test
  void itSurvivesSerialisationAsTheClusterMovesIt() {
    RoomHistory history = new RoomHistory("e1");
    history.append(drafts(1, 12), 10);
    SerializationService serialization = new DefaultSerializationServiceBuilder().build();

    Data data = serialization.toData(history);
    RoomHistory copy = serialization.toObject(data);
    copy.append(drafts(13, 13), 10);

    assertThat(copy.epoch()).isEqualTo("e1");
    assertThat(copy.limit()).isEqualTo(10);
    assertThat(seqs(copy.all())).containsExactlyElementsOf(IntStream.rangeClosed(4, 13).mapToObj(i -> (long) i).toList());
  }
}
