package multinode.process;

import multinode.test.Netns;
import multinode.test.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user gets on one machine with the default ports: a node, and beside it a script and a console
 * with nothing set, as iex needs no port of its own; and {@code http.port} 0 for any free port. Each in a
 * network namespace of its own, where the default ports are free whatever else runs on the machine.
 */
@Tag("process")
class NothingSetIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  /** The only settings: a static member list, since a namespace's loopback carries no multicast. */
  private static final Map<String, String> ENV = Map.of("MULTINODE_DISCOVERY", "static",
    "MULTINODE_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703");

  private final List<NodeProcess> started = new ArrayList<>();
  private Netns host;

  @BeforeEach
  void createHost() {
    host = Netns.create("nothing");
  }

  @AfterEach
  void removeHost() {
    started.forEach(NodeProcess::close);
    host.close();
  }

  @Test
  void aScriptAndAConsoleStartBesideANodeWithNothingSet() {
    NodeProcess node = start("node", "-cluster").awaitReady();
    assertThat(node.lines()).contains("name: multinode@127.0.0.1", "http: http://localhost:4000");

    NodeProcess script = start("script", "-cluster", "--eval", "self", "--eval", "nodes");
    assertThat(script.awaitExit(DEADLINE)).as(String.join("\n", script.lines())).isZero();
    // the default HTTP port is the node's: the script took another, and its name says which
    assertThat(script.lines()).hasSize(2);
    String self = script.lines().get(0);
    assertThat(self).matches("multinode-\\d+@127\\.0\\.0\\.1").isNotEqualTo("multinode-4000@127.0.0.1");
    // nodes, as Erlang's nodes(): the others
    assertThat(script.lines().get(1)).isEqualTo("multinode@127.0.0.1");
    node.awaitLine("node down: " + self + " (left)", DEADLINE);

    NodeProcess console = start("console", "-cluster", "--console").input("nodes\nquit\n");
    assertThat(console.awaitExit(DEADLINE)).as(String.join("\n", console.lines())).isZero();
    assertThat(console.lines()).contains("multinode@127.0.0.1").noneMatch(line -> line.contains("error"));
  }

  @Test
  void httpPortZeroIsAnyFreePortNamedInTheBanner() throws Exception {
    NodeProcess node = start("node", Map.of("MULTINODE_HTTP_PORT", "0"), "-cluster").awaitReady();

    Matcher http = node.lines().stream().map(Pattern.compile("http: http://localhost:(\\d+)")::matcher)
      .filter(Matcher::matches).findFirst().orElseThrow(() -> new AssertionError(node.lines().toString()));
    int port = Integer.parseInt(http.group(1));
    assertThat(port).isPositive().isNotEqualTo(4000);
    assertThat(node.lines()).contains("name: multinode-" + port + "@127.0.0.1", "tcp bridge: off");
    String health = new String(new ProcessBuilder("ip", "netns", "exec", host.name(), "curl", "-s",
      "http://127.0.0.1:" + port + "/health").start().getInputStream().readAllBytes());
    assertThat(health).contains("\"status\":\"up\"");
  }

  @Test
  void aHostWithoutMulticastIsOneLineAndExitCode11() {
    // the namespace's only interface is loopback, which carries no multicast: the default discovery fails
    NodeProcess node = NodeProcess.startIn(host.name(), "node", Map.of(), "-cluster");
    started.add(node);

    assertThat(node.awaitExit(DEADLINE)).isEqualTo(11);
    assertThat(node.lines()).hasSize(1);
    assertThat(node.lines().get(0)).startsWith("multinode: could not start the node: Starting the MulticastService failed")
      .contains("MULTINODE_DISCOVERY=static");
  }

  private NodeProcess start(String label, String... args) {
    return start(label, Map.of(), args);
  }

  private NodeProcess start(String label, Map<String, String> more, String... args) {
    Map<String, String> env = new HashMap<>(ENV);
    env.putAll(more);
    NodeProcess process = NodeProcess.startIn(host.name(), label, env, args);
    started.add(process);
    return process;
  }
}
