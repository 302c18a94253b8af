package multinode.process;

import multinode.test.FreePorts;
import multinode.test.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README's nodes print while others come and go: a node that joins and leaves cleanly, one
 * killed with {@code kill -9}, {@code --eval} scripts and a console, each a node of its own. Every
 * transition is one INFO line on the nodes that stay, and no process prints a warning, an error or a
 * stack trace.
 */
@Tag("process")
class QuietLogsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(45);
  /** A warning, an error, or a line of a stack trace. */
  private static final Pattern UNEXPECTED = Pattern.compile("\\b(WARN|ERROR)\\b|^\\s+at |^Caused by|Exception\\b");

  private final String cookie = "quiet-" + UUID.randomUUID();
  private final List<Integer> hazelcastPorts = FreePorts.take(8);
  private final List<NodeProcess> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(NodeProcess::close);
  }

  @Test
  void joinsLeavesKillsScriptsAndConsolesPrintOneLineEachAndNoWarning() {
    NodeProcess a = start("a@quiet", 0, "-cluster").awaitReady();
    NodeProcess b = start("b@quiet", 1, "-cluster").awaitReady();
    a.awaitLine("node up: b@quiet", DEADLINE);

    NodeProcess leaving = start("c@quiet", 2, "-cluster").awaitReady();
    a.awaitLine("node up: c@quiet", DEADLINE);
    b.awaitLine("node up: c@quiet", DEADLINE);
    leaving.signal("TERM");
    assertThat(leaving.awaitExit(DEADLINE)).as(leaving.lines().toString()).isZero();
    assertThat(leaving.lines()).contains("stopping: leaving the cluster", "stopped");
    a.awaitLine("node down: c@quiet (left)", DEADLINE);
    b.awaitLine("node down: c@quiet (left)", DEADLINE);

    NodeProcess killed = start("d@quiet", 3, "-cluster").awaitReady();
    a.awaitLine("node up: d@quiet", DEADLINE);
    b.awaitLine("node up: d@quiet", DEADLINE);
    killed.signal("KILL");
    killed.awaitExit(DEADLINE);
    a.awaitLine("node down: d@quiet (crashed)", DEADLINE);
    b.awaitLine("node down: d@quiet (crashed)", DEADLINE);

    for (int i = 0; i < 2; i++) {
      NodeProcess script = start("script" + i + "@quiet", 4 + i, "-cluster", "--eval", "nodes");
      assertThat(script.awaitExit(DEADLINE)).as(script.lines().toString()).isZero();
      a.awaitLine("node down: script" + i + "@quiet (left)", DEADLINE);
    }
    NodeProcess console = start("console@quiet", 6, "-cluster", "--console").input("nodes\nquit\n");
    assertThat(console.awaitExit(DEADLINE)).as(console.lines().toString()).isZero();
    a.awaitLine("node down: console@quiet (left)", DEADLINE);
    b.awaitLine("node down: console@quiet (left)", DEADLINE);

    for (NodeProcess survivor : List.of(a, b)) {
      for (String other : List.of("c@quiet", "d@quiet", "script0@quiet", "script1@quiet", "console@quiet")) {
        assertThat(survivor.lines().stream().filter(line -> line.endsWith("node up: " + other)))
          .as(survivor + " says once that " + other + " came").hasSize(1);
        assertThat(survivor.lines().stream().filter(line -> line.contains("node down: " + other)))
          .as(survivor + " says once that " + other + " went").hasSize(1);
      }
    }
    for (NodeProcess process : started) {
      assertThat(process.lines()).as(process + " printed:\n" + String.join("\n", process.lines()))
        .noneMatch(line -> UNEXPECTED.matcher(line).find());
    }
  }

  private NodeProcess start(String name, int port, String... args) {
    Map<String, String> env = NodeProcess.loopbackEnv(name, cookie, hazelcastPorts, hazelcastPorts.get(port),
      FreePorts.take(1).get(0), 0);
    NodeProcess process = NodeProcess.start(name, env, args);
    started.add(process);
    return process;
  }
}
