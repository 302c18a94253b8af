package multinode.process;

import multinode.chat.Browser;
import multinode.chat.BrowserPerTest;
import multinode.test.Compose;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static multinode.chat.BrowserSteps.awaitPresence;
import static multinode.chat.BrowserSteps.join;
import static multinode.chat.BrowserSteps.say;
import static multinode.chat.BrowserSteps.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial's first step for real: {@code docker-compose.yml}, unmodified, run by a Docker engine on
 * the image the project's Dockerfile builds; a browser on this machine opens the two published ports.
 * The compose file publishes fixed ports (4000, 4001, and 7000, 7001 on loopback): they must be free here.
 */
@Tag("docker")
class DockerComposeIT {

  private static final List<Integer> PUBLISHED = List.of(4000, 4001, 7000, 7001);
  private static final Duration A_WHILE = Duration.ofSeconds(60);

  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();
  private Compose compose;

  @AfterEach
  void downInAnyCase() {
    if (compose != null) {
      compose.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theComposeFilePassesTheBaseImagesThroughFromTheEnvironmentWithTheOfficialOnesByDefault() {
    Map<String, Object> services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(Compose.config(Map.of())).get("services");
    assertThat(services).containsOnlyKeys("node1", "node2");
    assertThat(buildArgs(services, "node1")).containsEntry("BUILD_IMAGE", "maven:3.9-eclipse-temurin-17")
      .containsEntry("RUN_IMAGE", "eclipse-temurin:17-jre");

    Map<String, Object> mirrored = (Map<String, Object>) new Yaml().<Map<String, Object>>load(Compose.config(Map.of(
      "MULTINODE_BUILD_IMAGE", "mirror.example/maven:3.9-eclipse-temurin-17",
      "MULTINODE_RUN_IMAGE", "mirror.example/eclipse-temurin:17-jre"))).get("services");
    for (String service : List.of("node1", "node2")) {
      assertThat(buildArgs(mirrored, service)).containsEntry("BUILD_IMAGE", "mirror.example/maven:3.9-eclipse-temurin-17")
        .containsEntry("RUN_IMAGE", "mirror.example/eclipse-temurin:17-jre");
    }
  }

  @Test
  void upFormsOneClusterThatBrowsersChatThroughAndStopKillAndDownBehaveAsDockerUsersExpect() {
    for (int port : PUBLISHED) {
      assertThat(free(port)).as("port " + port + " of this machine, which the compose file publishes, is free").isTrue();
    }
    compose = Compose.up();
    compose.awaitLine("node1", "READY", 1, A_WHILE);
    compose.awaitLine("node2", "READY", 1, A_WHILE);
    compose.awaitLine("node1", "node up: multinode@node2", 1, A_WHILE);
    compose.awaitLine("node2", "node up: multinode@node1", 1, A_WHILE);
    for (String service : List.of("node1", "node2")) {
      assertThat(Compose.docker("exec", compose.container(service), "id", "-u").trim()).as(service + "'s user id").isEqualTo("10001");
      Poll.until(A_WHILE, service + "'s HEALTHCHECK (GET /ready) says healthy",
        () -> compose.inspect(service, "{{.State.Health.Status}}").equals("healthy"));
    }

    // the published ports: the chat page on both, a message typed in one shown in the other
    Browser browser = browsers.get();
    int alice = join(browser, "http://localhost:4000/", "alice", "lobby");
    int bob = join(browser, "http://localhost:4001/", "bob", "lobby");
    awaitPresence(browser, alice, "alice", "bob");
    say(browser, alice, "hello from node1");
    Poll.until(Duration.ofSeconds(20), "bob's page on node2 shows alice's message",
      () -> texts(browser, bob).contains("hello from node1"));
    browser.screenshot(bob, getClass().getSimpleName());
    // and the TCP bridge, on this machine's loopback: a ping answered by node2 itself
    assertThat(bridgePing(7001)).isEqualTo("{\"type\":\"pong\"}");

    // docker kill: SIGKILL, the node cannot say goodbye
    Compose.docker("kill", compose.container("node2"));
    compose.awaitLine("node1", "node down: multinode@node2 (crashed)", 1, A_WHILE);
    // one readable line for the kill, no warning: a killed container's network goes with it, so only the
    // heartbeats stopping tell node1
    assertThat(compose.logs("node1").lines()).as("node1's output after docker kill").noneMatch(line -> line.contains(" WARN ")
      || line.contains(" ERROR ") || line.startsWith("\tat "));
    compose.ok("start", "node2");
    compose.awaitLine("node1", "node up: multinode@node2", 2, A_WHILE);
    // the logs of a container span its restarts: this is the second READY
    compose.awaitLine("node2", "READY", 2, A_WHILE);

    // docker compose stop: SIGTERM, the node leaves and exits 0 within Docker's 10 s
    long stopping = System.nanoTime();
    compose.ok("stop", "node2");
    long stopMs = (System.nanoTime() - stopping) / 1_000_000;
    assertThat(compose.inspect("node2", "{{.State.ExitCode}}")).as("node2's exit code after stop").isEqualTo("0");
    assertThat(stopMs).as("ms docker-compose stop node2 took").isLessThan(10_000);
    compose.awaitLine("node1", "node down: multinode@node2 (left)", 1, A_WHILE);

    compose.down();
    assertThat(compose.leftovers()).as("what the engine holds of the project after down").isEmpty();
    for (int port : PUBLISHED) {
      assertThat(free(port)).as("port " + port + " after down").isTrue();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> buildArgs(Map<String, Object> services, String service) {
    return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) services.get(service)).get("build")).get("args");
  }

  /** Sends the bridge protocol's {@code ping} frame (a 4-byte length, then JSON) and returns the reply frame. */
  private static String bridgePing(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] ping = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(ping.length);
      out.write(ping);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("the TCP bridge on 127.0.0.1:" + port + " did not answer a ping: " + e, e);
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
