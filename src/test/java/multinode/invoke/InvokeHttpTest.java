package multinode.invoke;

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
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/tasks} and {@code /api/nodes/{name}/tasks/{task}}, as curl uses them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeHttpTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("http@invoke");
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @Test
  void aSpawnStreamsItsLinesThenItsResultAsNdjson() throws Exception {
    HttpResponse<String> response = post("/api/nodes/http@invoke/tasks/seq", "{\"count\":3}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/x-ndjson");
    List<JsonObject> lines = response.body().lines().map(JsonObject::new).toList();
    assertThat(lines).containsExactly(
      new JsonObject().put("type", "output").put("line", "1"),
      new JsonObject().put("type", "output").put("line", "2"),
      new JsonObject().put("type", "output").put("line", "3"),
      new JsonObject().put("type", "result").put("value", 3));
  }

  @Test
  void aTaskThatFailsBeforePrintingGetsAnErrorStatus() throws Exception {
    assertError(post("/api/nodes/nobody/tasks/echo", ""), 404, "no_such_node");
    assertError(post("/api/nodes/http@invoke/tasks/no.such", ""), 404, "no_such_task");
    assertError(post("/api/nodes/http@invoke/tasks/sleep", "{\"ms\":-1}"), 400, "bad_args");
    assertError(post("/api/nodes/http@invoke/tasks/sleep?timeout=100", "{\"ms\":5000}"), 504, "timeout");
    assertError(post("/api/nodes/http@invoke/tasks/echo", "[1]"), 400, "invalid_json");
    assertError(post("/api/nodes/http@invoke/tasks/echo?timeout=soon", "{}"), 400, "invalid_timeout");
    assertError(post("/api/nodes/http@invoke/tasks/echo", "{\"x\":\"" + "y".repeat(70_000) + "\"}"), 413, "too_large");
  }

  @Test
  void aMulticallAnswersOneResultPerNode() throws Exception {
    HttpResponse<String> response = post("/api/tasks/node.name", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getJsonArray("results")).containsExactly(
      new JsonObject().put("node", "http@invoke").put("ok", true).put("value", "http@invoke"));
  }

  @Test
  void theTasksOfTheNodeAreListed() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/tasks")).build(),
      HttpResponse.BodyHandlers.ofString());

    assertThat(new JsonObject(response.body()).getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("name")))
      .contains("echo", "node.name", "seq", "sleep", "sys.info", "verticle.deploy", "verticle.undeploy");
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
