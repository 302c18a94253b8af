package multinode.chat.history;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.chat.ChatRules;
import multinode.chat.ChatSession;
import multinode.test.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every history store promises ({@link RoomLog}'s contract), run unchanged over each through real
 * nodes: posts from every node of {@link #nodes()} into one room, read back through every node.
 */
abstract class HistoryContract {

  /** The nodes that share the store: two, or one for a store that serves a single node. */
  abstract List<Multinode> nodes();

  /** The store's name, as the nodes report it. */
  abstract String store();

  static String room() {
    return "r" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void everyNodeReportsTheStore() {
    assertThat(nodes()).allSatisfy(node -> {
      assertThat(node.chat().historyStore()).isEqualTo(store());
      assertThat(node.chat().historyAvailable()).isTrue();
    });
  }

  @Test
  void concurrentPostsFromEveryNodeAreNumberedWithoutGapsOrRepeatsAndKeepEachNodesOrder() {
    String room = room();
    int perNode = 150;
    List<List<Future<JsonObject>>> posted = new ArrayList<>();
    for (Multinode node : nodes()) {
      posted.add(IntStream.range(0, perNode).mapToObj(i -> node.chat().post(room, "poster", node.nodes().self().name() + " " + i))
        .toList());
    }
    List<JsonObject> replies = new ArrayList<>();
    for (List<Future<JsonObject>> fromOneNode : posted) {
      List<Long> seqs = fromOneNode.stream().map(f -> await(f)).peek(replies::add).map(r -> r.getLong("seq")).toList();
      assertThat(seqs).as("one node's posts keep their order").isSorted();
    }

    long total = (long) perNode * nodes().size();
    assertThat(replies.stream().map(r -> r.getLong("seq")).sorted()).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(replies.stream().map(r -> r.getString("epoch")).distinct()).hasSize(1).allMatch(e -> e.matches(ChatRules.EPOCH_PATTERN));
    for (Multinode reader : nodes()) {
      List<JsonObject> history = readAll(reader, room);
      assertThat(history.stream().map(m -> m.getLong("seq"))).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      assertThat(history).allSatisfy(m -> assertThat(m.getString("epoch")).isEqualTo(replies.get(0).getString("epoch")));
      assertThat(history.stream().map(m -> m.getString("id")))
        .containsExactlyInAnyOrderElementsOf(replies.stream().map(r -> r.getString("id")).toList());
    }
  }

  @Test
  void aMessageReachesTheRoomStampedWithItsNumberAndEpoch() {
    String room = room();
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    ChatSession listener = nodes().get(nodes().size() - 1).chat().open((address, event) -> events.add(event));
    JsonObject joined = await(listener.join(room, "listener", null, null));
    assertThat(joined.getString("epoch")).as("a room nothing was said in has no epoch yet").isNull();
    assertThat(joined.getLong("lastSeq")).isZero();

    JsonObject reply = await(nodes().get(0).chat().post(room, "alice", "hello"));

    Poll.until(Duration.ofSeconds(10), "the listener gets the message", () -> events.stream().anyMatch(e -> "hello".equals(e.getString("text"))));
    JsonObject message = events.stream().filter(e -> "hello".equals(e.getString("text"))).findFirst().orElseThrow();
    assertThat(message.getLong("seq")).isEqualTo(1L).isEqualTo(reply.getLong("seq"));
    assertThat(message.getString("epoch")).isEqualTo(reply.getString("epoch"));
    assertThat(message.getString("id")).isEqualTo(reply.getString("id"));
    assertThat(message.getString("from")).isEqualTo("alice");
    listener.close();
  }

  @Test
  void olderMessagesArePagedBackToTheOldest() {
    String room = room();
    post(room, 25);
    Multinode reader = nodes().get(nodes().size() - 1);

    JsonObject newest = await(reader.chat().history(room, null, 10));
    JsonObject middle = await(reader.chat().history(room, 16L, 10));
    JsonObject oldest = await(reader.chat().history(room, 6L, 10));
    JsonObject beyond = await(reader.chat().history(room, 1L, 10));

    assertThat(seqs(newest)).containsExactlyElementsOf(range(16, 25));
    assertThat(newest.getBoolean("more")).isTrue();
    assertThat(newest.getLong("lastSeq")).isEqualTo(25L);
    assertThat(seqs(middle)).containsExactlyElementsOf(range(6, 15));
    assertThat(middle.getBoolean("more")).isTrue();
    assertThat(seqs(oldest)).containsExactlyElementsOf(range(1, 5));
    assertThat(oldest.getBoolean("more")).isFalse();
    assertThat(seqs(beyond)).isEmpty();
    assertThat(beyond.getBoolean("more")).isFalse();
    assertThat(List.of(newest, middle, oldest, beyond)).extracting(p -> p.getString("epoch")).containsOnly(newest.getString("epoch"));
  }

  @Test
  void aClientThatComesBackGetsWhatItMissedOrAResetWhenItsEpochIsNotTheRooms() {
    String room = room();
    post(room, 25);
    ChatSession session = nodes().get(nodes().size() - 1).chat().open((address, event) -> { });

    JsonObject first = await(session.join(room, "bob", null, null));
    String epoch = first.getString("epoch");
    JsonObject resumed = await(session.join(room, "bob", 20L, epoch));
    JsonObject otherEpoch = await(session.join(room, "bob", 20L, "0123456789abcdef"));
    JsonObject ahead = await(session.join(room, "bob", 99L, epoch));

    assertThat(seqs(first)).containsExactlyElementsOf(range(1, 25));
    assertThat(first.getBoolean("reset")).isFalse();
    assertThat(seqs(resumed)).containsExactlyElementsOf(range(21, 25));
    assertThat(resumed.getBoolean("reset")).isFalse();
    assertThat(resumed.getBoolean("truncated")).isFalse();
    assertThat(seqs(otherEpoch)).containsExactlyElementsOf(range(1, 25));
    assertThat(otherEpoch.getBoolean("reset")).isTrue();
    assertThat(ahead.getBoolean("reset")).as("a lastSeq beyond the room's last is another history's").isTrue();
    assertThat(List.of(first, resumed, otherEpoch, ahead)).extracting(j -> j.getString("epoch")).containsOnly(epoch);
    session.close();
  }

  /** {@code count} posts, one after the other, spread over the nodes. */
  void post(String room, int count) {
    for (int i = 1; i <= count; i++) {
      await(nodes().get(i % nodes().size()).chat().post(room, "poster", "m" + i));
    }
  }

  /** The whole history, paged back from the newest, oldest first. */
  static List<JsonObject> readAll(Multinode reader, String room) {
    List<JsonObject> all = new ArrayList<>();
    Long before = null;
    while (true) {
      JsonObject page = await(reader.chat().history(room, before, 100));
      List<JsonObject> messages = page.getJsonArray("messages").stream().map(m -> (JsonObject) m).toList();
      all.addAll(0, messages);
      if (!page.getBoolean("more") || messages.isEmpty()) {
        return all;
      }
      before = messages.get(0).getLong("seq");
    }
  }

  static List<Long> seqs(JsonObject reply) {
    return reply.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList();
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
