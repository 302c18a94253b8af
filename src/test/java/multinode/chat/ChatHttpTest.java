package multinode.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The chat on a node running alone (history in memory), and {@code /api/chat…} as curl uses it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatHttpTest {

  private Http http;
  private final Vertx client = Vertx.vertx();
  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("http@chat");
    http = new Http(node.adminPort());
  }

  @AfterAll
  void stop() {
    await(client.close());
    await(node.close());
  }

  @Test
  void aPostedSystemMessageReachesTheRoomAndItsHistory() {
    try (BridgeClient alice = BridgeClient.connect(client, node.httpPort())) {
      alice.register("ops");
      alice.request(BridgeClient.join("ops", "alice"));

      HttpResponse<String> response = http.post("/api/chat/rooms/ops/messages", "{\"text\":\"deploy finished\"}");

      assertThat(response.statusCode()).isEqualTo(202);
      JsonObject message = alice.awaitFrame(f -> f.getValue("body") instanceof JsonObject b && "message".equals(b.getString("type")),
        "alice gets the notice").getJsonObject("body");
      assertThat(message.getString("from")).isEqualTo("system");
      assertThat(message.getBoolean("system")).isTrue();
      assertThat(message.getString("text")).isEqualTo("deploy finished");
      JsonObject rooms = new JsonObject(http.get("/api/chat/rooms").body());
      assertThat(rooms.getJsonArray("rooms").getJsonObject(0).getJsonObject("presences").fieldNames()).containsExactly("alice");
      JsonObject again = alice.request(BridgeClient.join("ops", "alice").put("lastSeq", 0)).getJsonObject("body");
      assertThat(again.getJsonArray("messages")).hasSize(1);
    }
  }

  @Test
  void badPostsAreRefusedWithCodes() {
    Http.assertError(http.post("/api/chat/rooms/ops/messages", "hello"), 400, "invalid_json");
    Http.assertError(http.post("/api/chat/rooms/Ops!/messages", "{\"text\":\"x\"}"), 400, "invalid_room");
    Http.assertError(http.post("/api/chat/rooms/ops/messages", "{\"text\":\"   \"}"), 400, "invalid_message");
    Http.assertError(http.post("/api/chat/rooms/ops/messages", "{\"text\":\"x\",\"from\":\"\"}"), 400, "invalid_nickname");
  }

  @Test
  void theHistoryIsPagedBackOverHttpAndBadParametersAreNamed() {
    for (int i = 1; i <= 3; i++) {
      assertThat(http.post("/api/chat/rooms/pages/messages", "{\"text\":\"notice " + i + "\"}").statusCode()).isEqualTo(202);
    }

    JsonObject newest = new JsonObject(http.get("/api/chat/rooms/pages/messages?limit=2").body());
    JsonObject older = new JsonObject(http.get("/api/chat/rooms/pages/messages?before=2").body());

    assertThat(newest.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text"))).containsExactly("notice 2", "notice 3");
    assertThat(newest.getBoolean("more")).isTrue();
    assertThat(newest.getString("epoch")).matches(ChatRules.EPOCH_PATTERN);
    assertThat(older.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq"))).containsExactly(1L);
    assertThat(older.getBoolean("more")).isFalse();
    HttpResponse<String> zero = http.get("/api/chat/rooms/pages/messages?limit=0");
    Http.assertError(zero, 400, "invalid_request");
    assertThat(new JsonObject(zero.body()).getString("message")).startsWith("limit");
    Http.assertError(http.get("/api/chat/rooms/pages/messages?limit=201"), 400, "invalid_request");
    HttpResponse<String> word = http.get("/api/chat/rooms/pages/messages?before=yesterday");
    Http.assertError(word, 400, "invalid_request");
    assertThat(new JsonObject(word.body()).getString("message")).startsWith("before");
    Http.assertError(http.get("/api/chat/rooms/Pages!/messages"), 400, "invalid_room");
  }
}
