package multinode.invoke;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/tasks} and {@code /api/nodes/{name}/tasks/{task}}, as curl uses them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeHttpTest {

  private Http http;
  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("http@invoke");
    http = new Http(node.adminPort());
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @Test
  void aSpawnStreamsItsLinesThenItsResultAsNdjson() {
    HttpResponse<String> response = http.post("/api/nodes/http@invoke/tasks/seq", "{\"count\":3}");

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
  void groupsJoinStartsMembersThatAnswerWithTheirNode() {
    HttpResponse<String> response = http.post("/api/nodes/http@invoke/tasks/groups.join", "{\"group\":\"workers\",\"count\":3}");

    JsonObject result = new JsonObject(response.body().lines().reduce((a, b) -> b).orElseThrow()).getJsonObject("value");
    assertThat(result.getJsonArray("members")).hasSize(3);
    assertThat(node.groups().members("workers")).extracting(m -> m.id())
      .containsExactlyInAnyOrderElementsOf(result.getJsonArray("members").stream().map(String::valueOf).toList());
    Object answer = ClusterNodes.await(node.groups().requestClosest("workers", new JsonObject())).body();
    assertThat(answer).isEqualTo(new JsonObject().put("node", "http@invoke"));
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/groups.join", "{\"group\":\"w\",\"count\":0}"), 400, "bad_args");
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/groups.join", "{\"count\":1}"), 400, "bad_args");
  }

  @Test
  void aTaskThatFailsBeforePrintingGetsAnErrorStatus() {
    Http.assertError(http.post("/api/nodes/nobody/tasks/echo", ""), 404, "no_such_node");
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/no.such", ""), 404, "no_such_task");
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/sleep", "{\"ms\":-1}"), 400, "bad_args");
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/sleep?timeout=100", "{\"ms\":5000}"), 504, "timeout");
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/echo", "[1]"), 400, "invalid_json");
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/echo?timeout=soon", "{}"), 400, "invalid_timeout");
    Http.assertError(http.post("/api/nodes/http@invoke/tasks/echo", "{\"x\":\"" + "y".repeat(70_000) + "\"}"), 413, "too_large");
  }

  @Test
  void aMulticallAnswersOneResultPerNode() {
    HttpResponse<String> response = http.post("/api/tasks/node.name", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getJsonArray("results")).containsExactly(
      new JsonObject().put("node", "http@invoke").put("ok", true).put("value", "http@invoke"));
  }

  @Test
  void theTasksOfTheNodeAreListed() {
    HttpResponse<String> response = http.get("/api/tasks");

    assertThat(new JsonObject(response.body()).getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("name")))
      .contains("echo", "node.name", "seq", "sleep", "sys.info", "verticle.deploy", "verticle.undeploy");
  }



}
