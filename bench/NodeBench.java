import multinode.test.FreePorts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Node figures of multinode beside distributed Erlang, measured in one run on this machine.
 * <p>
 * Every figure is taken from outside, as an operator sees it: from the moment a process is spawned or
 * signalled to the moment a line appears on another process's stdout. multinode nodes use static
 * discovery on 127.0.0.1 (multicast in a private network namespace); Erlang nodes use their default
 * settings ({@code net_ticktime} 60).
 * <p>
 * usage (bench/run compiles it): {@code NodeBench <multinode.jar> <erlang node.sh> <runs> <results.json>}
 */
public class NodeBench {

  static String jar;
  static String erlangNode;

  public static void main(String[] args) throws Exception {
    jar = args[0];
    erlangNode = args[1];
    int runs = Integer.parseInt(args[2]);
    Path results = Path.of(args[3]);
    List<Row> rows = new ArrayList<>();

    Samples ready = new Samples(), formation = new Samples(), afterReady = new Samples(), kill = new Samples(),
      hang = new Samples();
    for (int i = 0; i < runs; i++) {
      multinodeRun(ready, formation, afterReady, kill, hang);
    }
    Samples readmeReady = new Samples(), together = new Samples();
    boolean root = "0".equals(sh("id", "-u").trim());
    for (int i = 0; root && i < runs; i++) {
      multinodeMulticastRun(readmeReady, together);
    }
    Samples erlReady = new Samples(), erlFormation = new Samples(), erlKill = new Samples();
    for (int i = 0; i < runs; i++) {
      erlangRun(erlReady, erlFormation, erlKill);
    }
    Samples erlHang = erlangHangs(runs);

    rows.add(new Row("node start → READY (README's command, multicast)", "≤ 1500", readmeReady, erlReady));
    rows.add(new Row("node start → READY (static, 2nd member absent)", "", ready, erlReady));
    rows.add(new Row("2nd node start → both report up (static)", "", formation, erlFormation));
    rows.add(new Row("both up, from the 2nd node's READY (< 0: before)", "≤ 500", afterReady, new Samples()));
    rows.add(new Row("2 nodes started together → both up (multicast)", "≤ 3000", together, new Samples()));
    rows.add(new Row("kill -9 → survivor reports down", "≤ 100", kill, erlKill));
    rows.add(new Row("SIGSTOP (hung node) → survivor reports down", "≤ 5000", hang, erlHang));
    print(rows, runs);
    Files.writeString(results, json(rows, runs));

  }

  // ---- multinode -------------------------------------------------------------------------------

  static void multinodeRun(Samples ready, Samples formation, Samples afterReady, Samples kill, Samples hang) {
    String cookie = "bench-" + UUID.randomUUID();
    List<Integer> hz = FreePorts.take(2);
    String members = "127.0.0.1:" + hz.get(0) + ",127.0.0.1:" + hz.get(1);
    try (Node first = multinode("b1", cookie, members, hz.get(0), List.of())) {
      ready.add(first.await("READY", 60));
      try (Node second = multinode("b2", cookie, members, hz.get(1), List.of())) {
        double up2 = second.await("node up: b1", 60);
        double up1 = first.awaitAfter("node up: b2", second.start, 60);
        formation.add(Math.max(up1, up2));
        afterReady.add(Math.max(up1, up2) - second.await("READY", 60));
        awaitSafe(second);
        long killed = System.nanoTime();
        second.signal("KILL");
        kill.add(first.awaitAfter("node down: b2", killed, 30));
      }
      try (Node third = multinode("b2", cookie, members, hz.get(1), List.of())) {
        third.await("node up: b1", 60);
        first.awaitAfter("node up: b2", third.start, 60);
        long stopped = System.nanoTime();
        third.signal("STOP");
        hang.add(first.awaitAfter("node down: b2", stopped, 60));
      }
    }
  }

  /**
   * The README's command with nothing set, in a network namespace whose loopback carries multicast: one node
   * alone (its READY), then, after it stopped, two started at the same moment (both report the other up).
   */
  static void multinodeMulticastRun(Samples readmeReady, Samples together) {
    String ns = "mn-bench-" + UUID.randomUUID().toString().substring(0, 6);
    sh("ip", "netns", "add", ns);
    try {
      sh("ip", "-n", ns, "link", "set", "lo", "up");
      sh("ip", "-n", ns, "link", "set", "lo", "multicast", "on");
      sh("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", "lo");
      List<String> inNs = List.of("ip", "netns", "exec", ns);
      try (Node alone = Node.spawn("m0", inNs, javaCommand(), Map.of())) {
        readmeReady.add(alone.await("READY", 60));
      }
      try (Node first = Node.spawn("m1", inNs, javaCommand(), Map.of("MULTINODE_NODE_NAME", "m1"));
           Node second = Node.spawn("m2", inNs, javaCommand(), Map.of("MULTINODE_NODE_NAME", "m2", "MULTINODE_HTTP_PORT", "4001"))) {
        double up1 = first.await("node up: m2", 60);
        double up2 = second.await("node up: m1", 60);
        together.add(Math.max(up1, up2));
      }
    } finally {
      sh("ip", "netns", "del", ns);
    }
  }

  static Node multinode(String name, String cookie, String members, int hazelcastPort, List<String> prefix) {
    return Node.spawn(name, prefix, javaCommand(), Map.of(
      "MULTINODE_NODE_NAME", name, "MULTINODE_COOKIE", cookie,
      "MULTINODE_DISCOVERY", "static", "MULTINODE_MEMBERS", members,
      "MULTINODE_CLUSTER_HOST", "127.0.0.1", "MULTINODE_HAZELCAST_PORT", String.valueOf(hazelcastPort),
      "MULTINODE_HTTP_HOST", "127.0.0.1", "MULTINODE_HTTP_PORT", String.valueOf(FreePorts.take(1).get(0)),
      "MULTINODE_BRIDGE_PORT", "0", "MULTINODE_ADMIN_PORT", "0"));
  }

  static List<String> javaCommand() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "-cluster");
  }

  /** Kills are only fair once partitions are safe; the node's /ready says so. */
  static void awaitSafe(Node node) {
    String port = node.env.get("MULTINODE_HTTP_PORT");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      String code = sh("sh", "-c", "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + port + "/ready || true");
      if (code.trim().equals("200")) {
        return;
      }
      pause(50);
    }
    throw new IllegalStateException("cluster not safe within 30 s");
  }

  // ---- Erlang ----------------------------------------------------------------------------------

  static void erlangRun(Samples ready, Samples formation, Samples kill) {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    try (Node a = erlang("a" + suffix, "")) {
      ready.add(a.await("READY", 60));
      try (Node b = erlang("b" + suffix, "a" + suffix)) {
        double upB = b.await("node up: a" + suffix, 60);
        double upA = a.awaitAfter("node up: b" + suffix, b.start, 60);
        formation.add(Math.max(upA, upB));
        long killed = System.nanoTime();
        b.signal("KILL");
        kill.add(a.awaitAfter("node down: b" + suffix, killed, 30));
      }
    }
  }

  /** Erlang notices a hung node after 45–75 s (net_ticktime 60), so the pairs are measured side by side. */
  static Samples erlangHangs(int runs) {
    Samples hang = new Samples();
    List<Node[]> pairs = new ArrayList<>();
    try {
      for (int i = 0; i < runs; i++) {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Node a = erlang("ha" + suffix, "");
        a.await("READY", 60);
        Node b = erlang("hb" + suffix, "ha" + suffix);
        a.awaitAfter("node up: hb" + suffix, b.start, 60);
        pairs.add(new Node[] {a, b});
      }
      long stopped = System.nanoTime();
      pairs.forEach(pair -> pair[1].signal("STOP"));
      for (Node[] pair : pairs) {
        hang.add(pair[0].awaitAfter("node down: " + pair[1].name, stopped, 120));
      }
    } finally {
      pairs.forEach(pair -> {
        pair[1].close();
        pair[0].close();
      });
    }
    return hang;
  }

  static Node erlang(String name, String peer) {
    return Node.spawn(name, List.of(), List.of(erlangNode, name, peer), Map.of());
  }

  // ---- processes and figures -------------------------------------------------------------------

  /** A spawned node whose stdout lines are time-stamped on arrival. */
  static final class Node implements AutoCloseable {
    final String name;
    final Map<String, String> env;
    final Process process;
    final long start = System.nanoTime();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<Long> times = new CopyOnWriteArrayList<>();

    private Node(String name, Map<String, String> env, Process process) {
      this.name = name;
      this.env = env;
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
          for (String line; (line = in.readLine()) != null; ) {
            times.add(System.nanoTime());
            lines.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Node spawn(String name, List<String> prefix, List<String> command, Map<String, String> env) {
      List<String> full = new ArrayList<>(prefix);
      full.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
      builder.environment().keySet().removeIf(k -> k.startsWith("MULTINODE_"));
      builder.environment().putAll(env);
      try {
        return new Node(name, env, builder.start());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Milliseconds from this node's spawn to a line containing {@code text}. */
    double await(String text, int seconds) {
      return awaitAfter(text, start, seconds);
    }

    /** Milliseconds from {@code since} to the first line containing {@code text} printed after it. */
    double awaitAfter(String text, long since, int seconds) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        for (int i = 0; i < lines.size(); i++) {
          if (times.get(i) >= since && lines.get(i).contains(text)) {
            return (times.get(i) - since) / 1e6;
          }
        }
        pause(2);
      }
      throw new IllegalStateException(name + " did not print \"" + text + "\" within " + seconds + " s:\n"
        + String.join("\n", lines));
    }

    void signal(String signal) {
      sh("kill", "-" + signal, String.valueOf(process.pid()));
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        sh("kill", "-CONT", String.valueOf(process.pid()));
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  static final class Samples {
    final List<Double> values = new ArrayList<>();

    void add(double value) {
      values.add(value);
    }

    Double median() {
      if (values.isEmpty()) {
        return null;
      }
      List<Double> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
  }

  record Row(String figure, String target, Samples multinode, Samples erlang) {
    String ratio() {
      Double m = multinode.median(), e = erlang.median();
      return m == null || e == null || e == 0 ? "-" : String.format(Locale.ROOT, "%.2f", m / e);
    }
  }

  static void print(List<Row> rows, int runs) {
    System.out.printf("%n%-50s %12s %14s %11s %9s%n", "figure (median of " + runs + ", ms)", "multinode", "erlang/OTP", "ratio", "target");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, "%-50s %12s %14s %11s %9s%n", row.figure(), fmt(row.multinode().median()),
        row.erlang().median() == null ? "n/a" : fmt(row.erlang().median()), row.ratio(), row.target());
    }
  }

  static String fmt(Double ms) {
    return ms == null ? "n/a" : String.format(Locale.ROOT, "%.0f", ms);
  }

  static String json(List<Row> rows, int runs) {
    StringBuilder out = new StringBuilder("{\n  \"benchmark\": \"node\",\n  \"when\": \"" + Instant.now()
      + "\",\n  \"runs\": " + runs + ",\n  \"cores\": " + Runtime.getRuntime().availableProcessors()
      + ",\n  \"unit\": \"ms\",\n  \"figures\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      out.append("    {\"figure\": \"").append(row.figure()).append("\", \"target\": \"").append(row.target())
        .append("\", \"multinode\": ").append(samples(row.multinode()))
        .append(", \"erlang\": ").append(samples(row.erlang()))
        .append(", \"ratio\": ").append(row.ratio().equals("-") ? "null" : row.ratio())
        .append(i + 1 < rows.size() ? "},\n" : "}\n");
    }
    return out.append("  ]\n}\n").toString();
  }

  static String samples(Samples s) {
    if (s.values.isEmpty()) {
      return "null";
    }
    List<String> values = s.values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
    return "{\"median\": " + String.format(Locale.ROOT, "%.1f", s.median()) + ", \"samples\": [" + String.join(", ", values) + "]}";
  }

  // ---- small helpers ---------------------------------------------------------------------------

  static String sh(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
