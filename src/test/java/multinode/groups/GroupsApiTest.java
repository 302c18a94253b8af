package multinode.groups;

import io.vertx.core.eventbus.ReplyException;
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

/** The groups HTTP routes and event-bus request API, as another service uses them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsApiTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("api@test");
    GroupMember member = await(node.groups().member(msg -> msg.reply("done: " + msg.body()), null));
    await(node.groups().join("encoders", member));
    await(node.groups().create("empty"));
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @Test
  void httpListsGroupsWithCountsPerNodeAndTheirMembers() throws Exception {
    JsonObject list = new JsonObject(get("/api/groups").body());
    HttpResponse<String> encoders = get("/api/groups/encoders");

    assertThat(list.getJsonArray("groups").getJsonObject(0).getString("name")).isEqualTo("empty");
    assertThat(list.getJsonArray("groups").getJsonObject(0).getBoolean("created")).isTrue();
    assertThat(list.getJsonArray("groups").getJsonObject(1).getJsonObject("byNode").getInteger("api@test")).isEqualTo(1);
    assertThat(encoders.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(encoders.body()).getJsonArray("members").getJsonObject(0).getString("node")).isEqualTo("api@test");
  }

  @Test
  void httpAnswersUnknownAndInvalidGroupsWithCodes() throws Exception {
    HttpResponse<String> missing = get("/api/groups/nobody");
    HttpResponse<String> invalid = get("/api/groups/" + "x".repeat(201));
    HttpResponse<String> badScope = get("/api/groups?scope=%09");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(missing.body()).getString("error")).isEqualTo("no_such_group");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(invalid.body()).getString("error")).isEqualTo("invalid_group");
    assertThat(badScope.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badScope.body()).getString("error")).isEqualTo("invalid_scope");
  }

  @Test
  void theBusApiAnswersReadsAndRequestsAMember() {
    JsonObject which = api(new JsonObject().put("action", "which_groups"));
    JsonObject members = api(new JsonObject().put("action", "members").put("group", "encoders"));
    JsonObject reply = api(new JsonObject().put("action", "request").put("group", "encoders").put("message", "clip-7"));

    assertThat(which.getJsonArray("groups").getList()).containsExactly("empty", "encoders");
    assertThat(members.getJsonArray("members")).hasSize(1);
    assertThat(reply.getString("reply")).isEqualTo("done: clip-7");
  }

  @Test
  void theBusApiFailsWithSnakeCaseCodes() {
    assertThat(apiFailure(new JsonObject().put("action", "members").put("group", "nobody"))).isEqualTo("no_such_group");
    assertThat(apiFailure(new JsonObject().put("action", "send").put("group", "empty").put("message", 1))).isEqualTo("no_process");
    assertThat(apiFailure(new JsonObject().put("action", "create").put("group", ""))).isEqualTo("invalid_group");
    assertThat(apiFailure(new JsonObject().put("action", "dance"))).isEqualTo("unknown_action");
    assertThat(api(new JsonObject().put("action", "which_groups")).getJsonArray("groups").getList())
      .containsExactly("empty", "encoders");
  }

  private JsonObject api(JsonObject request) {
    return await(node.vertx().eventBus().<JsonObject>request(GroupAddresses.API, request)).body();
  }

  private String apiFailure(JsonObject request) {
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> api(request));
    assertThat(failure).isInstanceOf(ReplyException.class);
    return failure.getMessage();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path)).build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
