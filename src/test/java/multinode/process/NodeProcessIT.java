package multinode.process;

import io.vertx.core.json.JsonObject;
import multinode.test.Command;
import multinode.test.FreePorts;
import multinode.test.NodeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes as separate JVMs of the built jar, joined by a static member list on 127.0.0.1: what a user
 * gets from the README's commands, how the survivor reports a clean stop, a kill and a hang, and where
 * the output of a task run on another node appears.
 */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeProcessIT {

  private static final Duration JOIN = Duration.ofSeconds(30);

  private final String cookie = "it-" + UUID.randomUUID();
  private final List<Integer> hazelcastPorts = FreePorts.take(6);
  private final List<NodeProcess> started = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int next;
  private NodeProcess first;
  private int firstAdminPort;

  @BeforeAll
  void startFirstNode() {
    first = start("n1@it", cookie, FreePorts.take(1).get(0)).awaitReady();
    firstAdminPort = first.adminPort();
  }

  /** Every test starts from the first node alone. */
  @AfterEach
  void stopOthers() {
    started.stream().filter(p -> p != first).forEach(NodeProcess::close);
    multinode.test.Poll.until(Duration.ofSeconds(15), "n1 lists only itself", () -> {
      try {
        return new JsonObject(get("/api/nodes").body()).getJsonArray("nodes").size() == 1;
      } catch (Exception e) {
        return false;
      }
    });
  }

  @AfterAll
  void stopFirst() {
    first.close();
  }

  @Test
  void aSecondNodeJoinsAndBothListEachOther() throws Exception {
    NodeProcess second = start("n2@it", cookie, FreePorts.take(1).get(0)).awaitReady();

    first.awaitLine("node up: n2@it", JOIN);
    second.awaitLine("node up: n1@it", JOIN);
    JsonObject nodes = new JsonObject(get("/api/nodes").body());
    assertThat(nodes.getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getString("name")))
      .containsExactlyInAnyOrder("n1@it", "n2@it");
    assertThat(new JsonObject(get("/api/nodes/n2@it/ping").body()).getString("result")).isEqualTo("pong");
  }

  @Test
  void sigtermIsReportedAsLeftAndExitsZero() throws Exception {
    NodeProcess second = joined("n3@it");

    second.signal("TERM");

    first.awaitLine("node down: n3@it (left)", Duration.ofSeconds(5));
    assertThat(second.awaitExit(Duration.ofSeconds(10))).isZero();
    assertThat(second.lines()).contains("stopping: leaving the cluster", "stopped");
    assertThat(second.lines().indexOf("stopping: leaving the cluster")).isLessThan(second.lines().indexOf("stopped"));
  }

  @Test
  void killDashNineIsReportedAsCrashedPromptly() throws Exception {
    NodeProcess second = joined("n4@it");

    second.signal("KILL");

    first.awaitLine("node down: n4@it (crashed)", Duration.ofSeconds(3));
    assertThat(new JsonObject(get("/api/nodes/n4@it/ping").body()).getString("error")).isEqualTo("no_such_node");
  }

  @Test
  void aHungNodeAnswersPangAndIsDeclaredDownWithinTheFailureTimeout() throws Exception {
    NodeProcess second = joined("n5@it");

    second.signal("STOP");

    assertThat(new JsonObject(get("/api/nodes/n5@it/ping").body()).getString("result")).isEqualTo("pang");
    // /ready answers at once all the while (Hazelcast's isClusterSafe() waited for the hung node until it
    // was declared down)
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!first.printed("node down: n5@it") && System.nanoTime() < until) {
      long start = System.nanoTime();
      int status = get("/ready").statusCode();
      assertThat((System.nanoTime() - start) / 1_000_000).as("/ready answered %d after (ms)", status).isLessThan(2000);
    }
    // default failure timeout 4 s after the last heartbeat, plus a heartbeat interval and scheduling slack
    first.awaitLine("node down: n5@it (crashed)", Duration.ofSeconds(7));
    multinode.test.Poll.until(Duration.ofSeconds(30), "/ready answers 200 again", () -> readyStatus() == 200);
  }

  @Test
  void nodesWithAnotherCookieNeverJoin() throws Exception {
    NodeProcess stranger = start("stranger@it", "another-" + UUID.randomUUID(), FreePorts.take(1).get(0)).awaitReady();
    NodeProcess friend = start("friend@it", cookie, FreePorts.take(1).get(0)).awaitReady();

    // the friend, started after the stranger, got in: the stranger had every chance to
    first.awaitLine("node up: friend@it", JOIN);
    friend.awaitLine("node up: n1@it", JOIN);
    assertThat(stranger.lines()).noneMatch(line -> line.contains("node up"));
    assertThat(first.lines()).noneMatch(line -> line.contains("stranger@it"));
    assertThat(friend.lines()).noneMatch(line -> line.contains("stranger@it"));
  }

  @Test
  void launcherFlagsSetTheEventBusAddress() {
    int eventBusPort = FreePorts.take(1).get(0);
    NodeProcess flagged = start("flags@it", cookie, FreePorts.take(1).get(0), Map.of("MULTINODE_CLUSTER_HOST", ""),
      "-cluster-host", "127.0.0.1", "-cluster-port", String.valueOf(eventBusPort)).awaitReady();

    assertThat(flagged.lines()).contains("event bus: 127.0.0.1:" + eventBusPort);
    first.awaitLine("node up: flags@it", JOIN);
  }

  @Test
  void aSpawnedTasksOutputAppearsAtTheCallerOnly() throws Exception {
    NodeProcess second = joined("n6@it");
    String marker = "marker-" + UUID.randomUUID();

    HttpResponse<String> name = post(firstAdminPort, "/api/nodes/n6@it/tasks/node.name", "");
    HttpResponse<String> echo = post(firstAdminPort, "/api/nodes/n6@it/tasks/echo", new JsonObject().put("text", marker).encode());

    assertThat(name.body().lines().map(JsonObject::new).toList()).containsExactly(
      new JsonObject().put("type", "output").put("line", "n6@it"),
      new JsonObject().put("type", "result").put("value", "n6@it"));
    assertThat(echo.body()).contains("{\"type\":\"output\",\"line\":\"" + marker + "\"}");
    assertThat(second.lines()).noneMatch(line -> line.contains(marker));
    assertThat(first.lines()).noneMatch(line -> line.contains(marker));
  }

  @Test
  void theJavaExampleFindsTheNodeThroughServiceDiscoveryAndPostsIntoARoom() {
    Map<String, String> env = Map.of("MULTINODE_COOKIE", cookie, "MULTINODE_DISCOVERY", "static",
      "MULTINODE_CLUSTER_HOST", "127.0.0.1", "MULTINODE_HAZELCAST_PORT", String.valueOf(hazelcastPorts.get(5)),
      "MULTINODE_MEMBERS", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    Command poster = Command.run(env, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", NodeProcess.jar().toString(), "examples/java/ChatPoster.java", "it-room", "backup finished");

    assertThat(poster.exit()).as(poster.output()).isZero();
    assertThat(poster.output()).contains("found n1@it (multinode ", "/api/chat/rooms/it-room/messages answered 202",
      "\"seq\":1");
    assertThat(first.lines()).noneMatch(line -> line.contains("node up: chat-poster"));
  }

  @Test
  void killingTheNodeDuringACallEndsItWithNodeDownPromptly() throws Exception {
    NodeProcess second = joined("n7@it");
    CompletableFuture<HttpResponse<String>> call = http.sendAsync(request(firstAdminPort,
        "/api/nodes/n7@it/tasks/sleep?timeout=60000", "{\"ms\":60000}"), HttpResponse.BodyHandlers.ofString());
    multinode.test.Poll.until(Duration.ofSeconds(10), "the sleep runs on n7", () -> running(second.adminPort()) == 1);
    long killed = System.nanoTime();

    second.signal("KILL");

    HttpResponse<String> response = call.get(10, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - killed) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("node_down");
    assertThat(ms).as("ms from kill -9 to node_down").isLessThanOrEqualTo(2000);
  }

  /** Starts a node with the shared cookie and waits until the first node lists it and the cluster is safe. */
  private NodeProcess joined(String name) throws Exception {
    NodeProcess node = start(name, cookie, FreePorts.take(1).get(0)).awaitReady();
    first.awaitLine("node up: " + name, JOIN);
    awaitReady();
    return node;
  }

  private void awaitReady() throws Exception {
    multinode.test.Poll.until(Duration.ofSeconds(30), "cluster safe", () -> {
      try {
        return get("/ready").statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    });
  }

  private NodeProcess start(String name, String nodeCookie, int httpPort) {
    return start(name, nodeCookie, httpPort, Map.of(), "-cluster");
  }

  private NodeProcess start(String name, String nodeCookie, int httpPort, Map<String, String> overrides, String... args) {
    Map<String, String> env = NodeProcess.loopbackEnv(name, nodeCookie, hazelcastPorts,
      hazelcastPorts.get(next++ % hazelcastPorts.size()), httpPort, FreePorts.take(1).get(0));
    env.putAll(overrides);
    List<String> allArgs = new ArrayList<>(List.of(args));
    if (!allArgs.contains("-cluster")) {
      allArgs.add(0, "-cluster");
    }
    NodeProcess process = NodeProcess.start(name, env, allArgs.toArray(new String[0]));
    started.add(process);
    return process;
  }

  /** How many tasks run on the node whose operator API has this port; -1 when it does not answer. */
  private int running(int port) {
    try {
      return new JsonObject(post(port, "/api/tasks", null).body()).getInteger("running");
    } catch (Exception e) {
      return -1;
    }
  }

  /** POSTs the body, or GETs when it is null. */
  private HttpResponse<String> post(int port, String path, String body) throws Exception {
    return http.send(request(port, path, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(int port, String path, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    return (body == null ? builder : builder.POST(HttpRequest.BodyPublishers.ofString(body))).build();
  }

  private int readyStatus() {
    try {
      return get("/ready").statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firstAdminPort + path))
      .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
