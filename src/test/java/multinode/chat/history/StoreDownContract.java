package multinode.chat.history;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;
import multinode.chat.ChatSession;
import multinode.test.Http;
import multinode.test.Poll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a store with a server of its own promises while that server is down: posts are refused at once
 * with {@code history_unavailable} and reach nobody, {@code /ready} says what is missing, and once the
 * server is back the node carries on without a restart.
 */
interface StoreDownContract {

  List<Multinode> nodes();

  void stopServer();

  void startServer();

  /** Whether the server keeps its data over a restart (then numbering goes on in the same epoch). */
  boolean durable();

  @Test
  default void whileTheServerIsDownPostsAreRefusedAtOnceAndReachNobodyAndAfterwardsTheNodeCarriesOn() {
    String room = HistoryContract.room();
    Multinode poster = nodes().get(0);
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    ChatSession listener = nodes().get(nodes().size() - 1).chat().open((address, event) -> events.add(event));
    await(listener.join(room, "listener", null, null));
    JsonObject before = await(poster.chat().post(room, "alice", "before"));
    Http http = new Http(poster.adminPort());

    stopServer();
    try {
      Poll.until(Duration.ofSeconds(15), "posts fail with history_unavailable", () -> refused(poster, room));
      long start = System.nanoTime();
      Throwable refusal = catchThrowable(() -> await(poster.chat().post(room, "alice", "during")));
      long refusedMs = (System.nanoTime() - start) / 1_000_000;
      HttpResponse<String> overHttp = http.post("/api/chat/rooms/" + room + "/messages", "{\"text\":\"during\"}");
      HttpResponse<String> ready = http.get("/ready");

      assertThat(refusal).isInstanceOf(ChatException.class);
      assertThat(((ChatException) refusal).failure()).isEqualTo(ChatFailure.HISTORY_UNAVAILABLE);
      assertThat(refusedMs).as("ms until the refusal: no waiting for a timeout").isLessThan(2_000);
      assertThat(overHttp.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(overHttp.body()).getString("error")).isEqualTo("history_unavailable");
      assertThat(ready.statusCode()).isEqualTo(503);
      // and the adapter too, when pubsub goes through the same server
      List<String> missing = new java.util.ArrayList<>(List.of("chat history (" + poster.chat().historyStore() + ")"));
      if (!poster.pubSub().adapterAvailable()) {
        missing.add(0, "pubsub (" + poster.pubSub().adapter() + ")");
      }
      assertThat(new JsonObject(ready.body()).getJsonArray("missing").getList()).containsExactlyElementsOf(missing);
      assertThat(poster.chat().historyAvailable()).isFalse();
    } finally {
      startServer();
    }

    Poll.until(Duration.ofSeconds(30), "a post goes through again", () -> !refused(poster, room));
    JsonObject after = await(poster.chat().post(room, "alice", "after"));
    Poll.until(Duration.ofSeconds(10), "the listener gets what was said after", () -> texts(events).contains("after"));
    assertThat(texts(events)).as("nothing refused was sent").doesNotContain("during");
    assertThat(http.get("/ready").statusCode()).isEqualTo(200);
    if (durable()) {
      assertThat(after.getString("epoch")).isEqualTo(before.getString("epoch"));
      assertThat(after.getLong("seq")).isGreaterThan(before.getLong("seq"));
    } else {
      assertThat(after.getString("epoch")).as("a store that lost its data numbers under a new epoch")
        .isNotEqualTo(before.getString("epoch"));
    }
    listener.close();
  }

  private static boolean refused(Multinode node, String room) {
    return catchThrowable(() -> await(node.chat().post(room, "probe", "probe"))) instanceof ChatException e
      && e.failure() == ChatFailure.HISTORY_UNAVAILABLE;
  }

  private static List<String> texts(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("text")).filter(t -> t != null).toList();
  }
}
