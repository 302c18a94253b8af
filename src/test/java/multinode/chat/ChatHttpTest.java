package multinode.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The chat on a node running alone (history in memory), and {@code /api/chat…} as curl uses it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatHttpTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final Vertx client = Vertx.vertx();
  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("http@chat");
  }

  @AfterAll
  void stop() {
    await(client.close());
    await(node.close());
  }

  @Test
  void aPostedSystemMessageReachesTheRoomAndItsHistory() throws Exception {
    try (BridgeClient alice = BridgeClient.connect(client, node.httpPort())) {
      alice.register("ops");
      alice.request(BridgeClient.join("ops", "alice"));

      HttpResponse<String> response = post("/api/chat/rooms/ops/messages", "{\"text\":\"deploy finished\"}");

      assertThat(response.statusCode()).isEqualTo(202);
      JsonObject message = alice.awaitFrame(f -> f.getValue("body") instanceof JsonObject b && "message".equals(b.getString("type")),
        "alice gets the notice").getJsonObject("body");
      assertThat(message.getString("from")).isEqualTo("system");
      assertThat(message.getBoolean("system")).isTrue();
      assertThat(message.getString("text")).isEqualTo("deploy finished");
      JsonObject rooms = new JsonObject(http.send(HttpRequest.newBuilder(uri("/api/chat/rooms")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
      assertThat(rooms.getJsonArray("rooms").getJsonObject(0).getJsonObject("presences").fieldNames()).containsExactly("alice");
      JsonObject again = alice.request(BridgeClient.join("ops", "alice").put("lastSeq", 0)).getJsonObject("body");
      assertThat(again.getJsonArray("messages")).hasSize(1);
    }
  }

  @Test
  void badPostsAreRefusedWithCodes() throws Exception {
    assertError(post("/api/chat/rooms/ops/messages", "hello"), 400, "invalid_json");
    assertError(post("/api/chat/rooms/Ops!/messages", "{\"text\":\"x\"}"), 400, "invalid_room");
    assertError(post("/api/chat/rooms/ops/messages", "{\"text\":\"   \"}"), 400, "invalid_message");
    assertError(post("/api/chat/rooms/ops/messages", "{\"text\":\"x\",\"from\":\"\"}"), 400, "invalid_nickname");
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo(code);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }
}
