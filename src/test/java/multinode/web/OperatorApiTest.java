package multinode.web;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two listeners of one node: the public port serves the chat page, its bridge, {@code /health} and
 * {@code /ready} and nothing of the operator's; the operator port serves every {@code /api} route and
 * {@code /metrics}, behind {@code admin.token} when one is set; and no route publishes to the
 * capabilities' own topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorApiTest {

  private final String token = "operator-" + UUID.randomUUID();
  private Multinode open;
  private Multinode guarded;

  @BeforeAll
  void start() {
    open = ClusterNodes.alone("open@admin");
    guarded = ClusterNodes.alone("guarded@admin", new JsonObject().put("admin", new JsonObject().put("token", token)));
  }

  @AfterAll
  void stop() {
    await(open.close());
    await(guarded.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/nodes", "/api/nodes/open@admin/ping", "/api/groups", "/api/tasks", "/api/chat/rooms",
    "/api/services", "/metrics"})
  void theOperatorsRoutesAreNotOnThePublicPort(String path) {
    HttpResponse<String> onPublic = new Http(open.httpPort()).get(path);
    HttpResponse<String> onAdmin = new Http(open.adminPort()).get(path);

    Http.assertError(onPublic, 404, "not_found");
    assertThat(new JsonObject(onPublic.body()).getString("message")).contains("admin.port");
    assertThat(onAdmin.statusCode()).as(onAdmin.body()).isEqualTo(200);
  }

  @Test
  void thePublicPortServesThePageItsBridgeAndTheProbes() {
    Http onPublic = new Http(open.httpPort());

    assertThat(onPublic.get("/").body()).contains("<html");
    assertThat(onPublic.get("/eventbus/info").statusCode()).isEqualTo(200);
    assertThat(onPublic.get("/health").statusCode()).isEqualTo(200);
    assertThat(onPublic.get("/ready").statusCode()).isEqualTo(200);
    for (String route : new String[] {"/api/pubsub/events.x", "/api/tasks/node.name", "/api/chat/rooms/lobby/messages"}) {
      Http.assertError(onPublic.post(route, "{\"text\":\"hi\"}"), 404, "not_found");
    }
  }

  @Test
  void withATokenEveryOperatorRequestMustCarryItAndEachRefusalIsCounted() {
    Http none = new Http("127.0.0.1", guarded.adminPort(), null);
    Http wrong = new Http("127.0.0.1", guarded.adminPort(), token + "x");
    Http right = new Http("127.0.0.1", guarded.adminPort(), token);
    double before = Metrics.value(right.get("/metrics").body(), "multinode_admin_unauthorized_total");

    HttpResponse<String> missing = none.get("/api/nodes");
    HttpResponse<String> mistaken = wrong.post("/api/pubsub/events.x", "{}");
    HttpResponse<String> unknownRoute = none.get("/api/nope");
    HttpResponse<String> served = right.get("/api/nodes");

    Http.assertError(missing, 401, "unauthorized");
    assertThat(missing.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"multinode\"");
    Http.assertError(mistaken, 401, "unauthorized");
    Http.assertError(unknownRoute, 401, "unauthorized");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(served.body()).getJsonArray("nodes")).hasSize(1);
    assertThat(Metrics.value(right.get("/metrics").body(), "multinode_admin_unauthorized_total") - before).isEqualTo(3);
    assertThat(new Http(guarded.httpPort()).get("/health").statusCode()).as("the public probes need no token").isEqualTo(200);
  }

  @Test
  void aBrowserGivesTheTokenAsTheBasicPasswordAndTheDashboardAsksForIt() throws Exception {
    HttpResponse<String> asked = browserGet(guarded.adminPort(), "/dashboard/", null);
    HttpResponse<String> wrong = browserGet(guarded.adminPort(), "/dashboard/", "operator:" + token + "x");
    HttpResponse<String> page = browserGet(guarded.adminPort(), "/dashboard/", "operator:" + token);
    HttpResponse<String> api = browserGet(guarded.adminPort(), "/api/nodes", "anyone:" + token);

    Http.assertError(asked, 401, "unauthorized");
    assertThat(asked.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"multinode operator\", charset=\"UTF-8\"");
    Http.assertError(wrong, 401, "unauthorized");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("multinode dashboard");
    assertThat(api.statusCode()).isEqualTo(200);
  }

  @Test
  void aNodeWithoutTheDashboardServesNoDashboard() {
    Multinode plain = ClusterNodes.alone("plain@admin", new JsonObject().put("admin", new JsonObject().put("dashboard", false)));
    try {
      Http.assertError(new Http(plain.adminPort()).get("/dashboard/"), 404, "not_found");
      Http.assertError(new Http(plain.adminPort()).get("/dashboard/eventbus/info"), 404, "not_found");
      assertThat(new Http(plain.adminPort()).get("/api/nodes").statusCode()).isEqualTo(200);
    } finally {
      ClusterNodes.await(plain.close());
    }
  }

  /** A GET as a browser sends it after its login prompt: {@code Authorization: Basic base64(user:password)}, or nothing. */
  private static HttpResponse<String> browserGet(int port, String path, String userAndPassword) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (userAndPassword != null) {
      request.header("authorization", "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"multinode.chat.room.lobby", "multinode.chat.presence", "multinode.groups.ops", "multinode.anything"})
  void noRoutePublishesToTheCapabilitiesOwnTopics(String topic) {
    HttpResponse<String> response = new Http(open.adminPort()).post("/api/pubsub/" + topic,
      new JsonObject().put("type", "message").put("seq", 999).put("from", "admin").put("text", "forged").encode());

    Http.assertError(response, 403, "access_denied");
    assertThat(new Http(open.adminPort()).post("/api/pubsub/events.fine", "{}").statusCode()).isEqualTo(202);
  }
}
