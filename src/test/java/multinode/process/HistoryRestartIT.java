package multinode.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.test.FreePorts;
import multinode.test.Http;
import multinode.test.NodeProcess;
import multinode.test.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} store through a full restart: two jar nodes on 127.0.0.1 keep their rooms'
 * history in a real PostgreSQL; both are killed ({@code kill -9}), started again, and every message that
 * was acknowledged is back, with its number and epoch, and numbering goes on.
 */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryRestartIT {

  private static final String ROOM = "durable";

  private final PostgresServer postgres = new PostgresServer();
  private final String cookie = "it-" + UUID.randomUUID();
  private final List<Integer> hazelcastPorts = FreePorts.take(4);
  private final List<Integer> httpPorts = FreePorts.take(2);
  private final List<Integer> adminPorts = FreePorts.take(2);
  private int started;

  @BeforeAll
  void startPostgres() {
    postgres.start();
  }

  @AfterAll
  void stopPostgres() {
    postgres.close();
  }

  @Test
  void everyAcknowledgedMessageIsBackAfterEveryNodeWasKilled() {
    List<JsonObject> acknowledged = new ArrayList<>();
    try (NodeProcess a = start(0); NodeProcess b = start(1)) {
      a.awaitReady();
      b.awaitReady();
      for (int i = 1; i <= 60; i++) {
        acknowledged.add(post(i % 2, "message " + i));
      }
      a.signal("KILL");
      b.signal("KILL");
    }

    try (NodeProcess a = start(0); NodeProcess b = start(1)) {
      a.awaitReady();
      b.awaitReady();
      for (int node = 0; node < 2; node++) {
        List<JsonObject> history = history(node);
        assertThat(history).extracting(m -> m.getString("id"))
          .containsExactlyElementsOf(acknowledged.stream().map(r -> r.getString("id")).toList());
        assertThat(history).extracting(m -> m.getLong("seq"))
          .containsExactlyElementsOf(acknowledged.stream().map(r -> r.getLong("seq")).toList());
        assertThat(history).extracting(m -> m.getString("epoch")).containsOnly(acknowledged.get(0).getString("epoch"));
        assertThat(history.get(59).getString("text")).isEqualTo("message 60");
      }
      JsonObject next = post(1, "after the restart");
      assertThat(next.getLong("seq")).isEqualTo(61L);
      assertThat(next.getString("epoch")).isEqualTo(acknowledged.get(0).getString("epoch"));
    }
  }

  private NodeProcess start(int node) {
    Map<String, String> env = NodeProcess.loopbackEnv("n" + (node + 1) + "@durable", cookie, hazelcastPorts,
      hazelcastPorts.get(started++), httpPorts.get(node), 0);
    env.put("MULTINODE_ADMIN_PORT", String.valueOf(adminPorts.get(node)));
    env.put("MULTINODE_CHAT_HISTORY_STORE", "postgres");
    env.put("MULTINODE_CHAT_HISTORY_POSTGRES_URL", postgres.url());
    return NodeProcess.start("n" + (node + 1), env, "-cluster");
  }

  private JsonObject post(int node, String text) {
    HttpResponse<String> response = new Http(adminPorts.get(node)).post("/api/chat/rooms/" + ROOM + "/messages",
      new JsonObject().put("text", text).encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return new JsonObject(response.body());
  }

  /** The room's whole history, paged back through the node's HTTP API, oldest first. */
  private List<JsonObject> history(int node) {
    List<JsonObject> all = new ArrayList<>();
    String before = "";
    while (true) {
      HttpResponse<String> response = new Http(adminPorts.get(node)).get("/api/chat/rooms/" + ROOM + "/messages?limit=25" + before);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonArray messages = new JsonObject(response.body()).getJsonArray("messages");
      List<JsonObject> page = messages.stream().map(m -> (JsonObject) m).toList();
      all.addAll(0, page);
      if (!new JsonObject(response.body()).getBoolean("more")) {
        return all;
      }
      before = "&before=" + page.get(0).getLong("seq");
    }
  }
}
