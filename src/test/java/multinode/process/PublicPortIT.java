package multinode.process;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.test.ChatUser;
import multinode.test.Hosts;
import multinode.test.Http;
import multinode.test.Metrics;
import multinode.test.Netns;
import multinode.test.NodeProcess;
import multinode.test.Poll;
import multinode.test.TcpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A node on a host of its own ({@link Hosts}: 10.98.0.11) reached from elsewhere on the LAN, as its users
 * and strangers reach it: this JVM (10.98.0.1) and a second host (10.98.0.12) are the "remote" clients.
 * With nothing set, only the public port is reachable and it serves nothing of the operator's; with the
 * operator API and the TCP bridge bound to the LAN, each asks for its token; and one address flooding the
 * bridge with sessions is refused past its caps while another address's user gets every message.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicPortIT {

  private static final String NODE = Hosts.address(0);
  private final String adminToken = "admin-" + UUID.randomUUID();
  private final String bridgeToken = "bridge-" + UUID.randomUUID();
  private final Vertx client = Vertx.vertx();
  private Hosts lan;

  @BeforeAll
  void buildTheLan() {
    lan = Hosts.create(2);
  }

  @AfterAll
  void removeTheLan() {
    await(client.close());
    lan.close();
  }

  @Test
  void withNothingSetARemoteClientReachesThePublicPortAndNothingOfTheOperators() throws Exception {
    try (NodeProcess node = NodeProcess.startIn(lan.host(0).name(), "node", Map.of()).awaitReady()) {
      Http remote = new Http(NODE, 4000);
      for (String path : List.of("/api/nodes", "/api/groups", "/api/tasks", "/api/chat/rooms", "/api/services", "/metrics")) {
        Http.assertError(remote.get(path), 404, "not_found");
      }
      for (String path : List.of("/api/pubsub/events.x", "/api/tasks/sys.info", "/api/nodes/" + "multinode@" + NODE + "/tasks/sleep",
          "/api/chat/rooms/lobby/messages")) {
        Http.assertError(remote.post(path, "{\"text\":\"hi\",\"ms\":1000}"), 404, "not_found");
      }
      assertThat(remote.get("/").body()).contains("<html");
      assertThat(remote.get("/ready").statusCode()).isEqualTo(200);
      assertThat(refused(NODE, 5000)).as("the operator port from the LAN").isTrue();
      assertThat(refused(NODE, 7000)).as("the TCP bridge from the LAN").isTrue();
      // on the node's own machine the operator API answers without a token, as the docs say
      String inside = Netns.sh("ip", "netns", "exec", lan.host(0).name(), "curl", "-s", "-m", "5", "http://127.0.0.1:5000/api/nodes");
      assertThat(new JsonObject(inside).getJsonArray("nodes")).hasSize(1);
      assertThat(node.lines()).contains("operator api: http://127.0.0.1:5000", "tcp bridge: 127.0.0.1:7000");
    }
  }

  @Test
  void boundToTheLanTheOperatorApiAndTheBridgeServeOnlyWhoeverSendsTheirToken() {
    try (NodeProcess node = NodeProcess.startIn(lan.host(0).name(), "node", guarded()).awaitReady()) {
      Http right = new Http(NODE, 5000, adminToken);
      Http wrong = new Http(NODE, 5000, adminToken.substring(1) + "x");
      Http none = new Http(NODE, 5000);
      double before = Metrics.value(right.get("/metrics").body(), "multinode_admin_unauthorized_total");

      assertThat(right.get("/api/nodes").statusCode()).isEqualTo(200);
      assertThat(right.post("/api/nodes/multinode@" + NODE + "/tasks/node.name", "").body()).contains("multinode@" + NODE);
      Http.assertError(wrong.get("/api/nodes"), 401, "unauthorized");
      Http.assertError(none.post("/api/tasks/sleep", "{\"ms\":3600000}"), 401, "unauthorized");
      assertThat(Metrics.value(right.get("/metrics").body(), "multinode_admin_unauthorized_total") - before).isEqualTo(2);
      assertThat(node.lines()).contains("operator api: http://" + NODE + ":5000 (token required)");

      try (TcpClient stranger = TcpClient.connect(client, NODE, 7000); TcpClient service = TcpClient.connect(client, NODE, 7000)) {
        stranger.send(new JsonObject().put("type", "send").put("address", "multinode.chat.room.lobby").put("replyAddress", "r")
          .put("body", new JsonObject().put("from", "system").put("text", "forged")));
        JsonObject refusal = stranger.awaitFrame(f -> "err".equals(f.getString("type")), "the stranger's refusal");
        JsonObject in = service.authenticate(bridgeToken);
        JsonObject asSystem = service.request("multinode.chat.room.lobby", new JsonObject().put("from", "system").put("text", "forged"));
        JsonObject said = service.request("multinode.chat.room.lobby", new JsonObject().put("from", "backup").put("text", "backup done"));

        assertThat(refusal).isEqualTo(new JsonObject().put("type", "err").put("message", "unauthorized"));
        Poll.until(Duration.ofSeconds(5), "the stranger is disconnected", stranger::closed);
        assertThat(in.getJsonObject("body").getBoolean("authenticated")).isTrue();
        assertThat(asSystem.getString("message")).isEqualTo("reserved_nickname");
        assertThat(said.getString("type")).isEqualTo("message");
        JsonObject history = new JsonObject(right.get("/api/chat/rooms/lobby/messages").body());
        assertThat(history.getJsonArray("messages")).hasSize(1);
        JsonObject kept = history.getJsonArray("messages").getJsonObject(0);
        assertThat(kept.getString("from")).isEqualTo("backup");
        assertThat(kept.getBoolean("service")).isTrue();
        assertThat(kept.containsKey("system")).isFalse();
      }
    }
  }

  @Test
  void oneAddressFloodingTheBridgeIsRefusedPastItsCapsWhileAnotherAddressGetsEveryMessage() throws Exception {
    try (NodeProcess node = NodeProcess.startIn(lan.host(0).name(), "node", guarded()).awaitReady()) {
      Http operator = new Http(NODE, 5000, adminToken);
      ChatUser user = new ChatUser(client, "flood", "steady", List.of(NODE + ":4000"));
      await(user.start());
      try {
        Process flood = new ProcessBuilder("ip", "netns", "exec", lan.host(1).name(), "python3",
          Path.of("src/test/resources/multinode/process/session_flood.py").toString(), NODE, "4000", "10000")
          .redirectErrorStream(true).start();
        Set<String> posted = new HashSet<>();
        int n = 0;
        while (flood.isAlive() || n < 50) {
          HttpResponse<String> response = operator.post("/api/chat/rooms/flood/messages", new JsonObject().put("text", "m" + n++).encode());
          assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
          posted.add(new JsonObject(response.body()).getString("id"));
        }
        assertThat(flood.waitFor()).isZero();
        Map<String, Integer> statuses = new HashMap<>();
        new JsonObject(new String(flood.getInputStream().readAllBytes()).trim()).forEach(e -> statuses.put(e.getKey(), (Integer) e.getValue()));

        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
        assertThat(statuses.keySet()).as("%s", statuses).containsOnly("101", "429");
        assertThat(statuses.get("101")).as("held at most the cap (http.sessions.perAddress 64)").isBetween(16, 64);
        assertThat(Metrics.value(operator.get("/metrics").body(), "multinode_bridge_sessions_refused_total{bridge=\"sockjs\"}"))
          .isEqualTo((double) statuses.get("429"));
        Poll.until(Duration.ofSeconds(20), "the steady user has every message posted during the flood",
          () -> user.ids().containsAll(posted));
        ChatUser after = new ChatUser(client, "flood", "newcomer", List.of(NODE + ":4000"));
        await(after.start());
        after.close();
      } finally {
        user.close();
      }
    }
  }

  /** The node's environment with its operator API on the LAN and its TCP bridge on every interface, each behind a token. */
  private Map<String, String> guarded() {
    return Map.of("MULTINODE_ADMIN_HOST", NODE, "MULTINODE_ADMIN_TOKEN", adminToken,
      "MULTINODE_BRIDGE_HOST", "0.0.0.0", "MULTINODE_BRIDGE_TOKEN", bridgeToken);
  }

  private static boolean refused(String host, int port) {
    Throwable failure = catchThrowable(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 5000);
      }
    });
    return failure instanceof ConnectException;
  }
}
