package multinode.pubsub;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/pubsub/{topic}}, as curl uses it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PubSubHttpTest {

  private Http http;
  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("http@pubsub");
    http = new Http(node.adminPort());
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @Test
  void aPostedJsonObjectIsBroadcast() {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    await(node.pubSub().subscribe("room:lobby", m -> received.add(m.json())));

    HttpResponse<String> response = http.post("/api/pubsub/room:lobby", "{\"text\":\"hello\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    Poll.until(Duration.ofSeconds(5), "the subscriber got it", () -> received.size() == 1);
    assertThat(received.get(0).getString("text")).isEqualTo("hello");
  }

  @Test
  void badBodiesAndTopicsAreRefusedWithCodes() {
    HttpResponse<String> notJson = http.post("/api/pubsub/lobby", "hello");
    HttpResponse<String> array = http.post("/api/pubsub/lobby", "[1,2]");
    HttpResponse<String> badTopic = http.post("/api/pubsub/a%09b", "{}");
    HttpResponse<String> tooLarge = http.post("/api/pubsub/lobby", "{\"x\":\"" + "y".repeat(70_000) + "\"}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(notJson.body()).getString("error")).isEqualTo("invalid_json");
    assertThat(new JsonObject(array.body()).getString("error")).isEqualTo("invalid_json");
    assertThat(badTopic.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badTopic.body()).getString("error")).isEqualTo("invalid_topic");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(http.post("/api/pubsub/lobby", "{}").statusCode()).isEqualTo(202);
  }

}
