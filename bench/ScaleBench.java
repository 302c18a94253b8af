import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How multinode's costs grow with the cluster: 2, 4 and 8 nodes of the built jar, each in a network
 * namespace of its own on one Linux bridge (as the fault tests build their LAN), started together with
 * the README's command and multicast discovery.
 * <p>
 * For each size it prints: the time until every node has reported every other up; idle CPU (all threads,
 * and without the JIT compiler's) and heap after a GC, per node; background traffic per node per minute
 * (bytes and packets its {@code eth0} sent while idle); and the CPU that one operation costs, summed over
 * every node, of a broadcast to a topic with one subscriber per node, of a group join, and of a chat
 * message in a room with a user on every node. Operations run on the first node as evaluations
 * ({@code invoke.eval}, on for this run only), paced at a fixed rate; the CPU of the window they run in,
 * less the same nodes' idle CPU for as long, is divided by their number, and every node's receipts are
 * counted afterwards (a figure whose deliveries are incomplete says so). The growth factor from the
 * smallest to the largest size closes the table: a per-node figure that stays near 1 does not grow with
 * the cluster; background traffic per node may grow at most as the node count does.
 * <p>
 * usage (compiled with NodeBench.java, whose processes it spawns; root, for the namespaces):
 * {@code ScaleBench <multinode.jar> <results.json> [sizes…]}
 */
public class ScaleBench {

  static final String SUBNET = "10.97.0.";
  static final int SETTLE_S = Integer.getInteger("scale.settleSeconds", 30);
  static final int IDLE_S = Integer.getInteger("scale.idleSeconds", 60);
  static final int CLOCK_TICK_US = 10_000;

  public static void main(String[] args) throws Exception {
    NodeBench.jar = args[0];
    Path results = Path.of(args[1]);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(2, 4, 8);
    }
    List<Size> measured = new ArrayList<>();
    for (int n : sizes) {
      measured.add(measure(n));
    }
    print(measured);
    Files.writeString(results, json(measured));
  }

  /** One cluster size's figures. */
  static final class Size {
    final int nodes;
    final Map<String, Double> figures = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    Size(int nodes) {
      this.nodes = nodes;
    }
  }

  static Size measure(int n) {
    Size size = new Size(n);
    String cookie = "scale-" + UUID.randomUUID();
    try (Lan lan = Lan.create(n)) {
      List<Node> nodes = new ArrayList<>();
      long spawned = System.nanoTime();
      for (int i = 0; i < n; i++) {
        nodes.add(Node.spawn(lan, i, cookie));
      }
      try {
        double formed = 0;
        for (Node node : nodes) {
          formed = Math.max(formed, node.awaitCount("node up: ", n - 1, spawned, 180));
        }
        size.figures.put("form_ms", formed);
        for (Node node : nodes) {
          node.awaitReady(120);
        }
        pause(SETTLE_S * 1000L);

        // idle: CPU, traffic, then heap after a GC
        long[] cpu0 = cpu(nodes, false), jit0 = cpu(nodes, true), tx0 = tx(lan, n, "tx_bytes"), pk0 = tx(lan, n, "tx_packets");
        long idleStart = System.nanoTime();
        pause(IDLE_S * 1000L);
        double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
        long[] cpu1 = cpu(nodes, false), jit1 = cpu(nodes, true), tx1 = tx(lan, n, "tx_bytes"), pk1 = tx(lan, n, "tx_packets");
        // ticks per second are percent of a core
        double idleTicksPerSecond = 0, cpuNoJitSum = 0, bytes = 0, packets = 0;
        for (int i = 0; i < n; i++) {
          double ticks = cpu1[i] - cpu0[i];
          idleTicksPerSecond += ticks / idleSeconds;
          cpuNoJitSum += (ticks - (jit1[i] - jit0[i])) / idleSeconds;
          bytes += (tx1[i] - tx0[i]) * 60 / idleSeconds;
          packets += (pk1[i] - pk0[i]) * 60 / idleSeconds;
        }
        size.figures.put("idle_cpu_pct_per_node", idleTicksPerSecond / n);
        size.figures.put("idle_cpu_pct_per_node_without_jit", cpuNoJitSum / n);
        size.figures.put("background_kib_per_node_per_min", bytes / n / 1024);
        size.figures.put("background_packets_per_node_per_min", packets / n);
        double heap = 0;
        for (Node node : nodes) {
          heap += node.heapAfterGcMiB();
        }
        size.figures.put("heap_mib_per_node", heap / n);

        Node first = nodes.get(0);
        operations(size, nodes, first, idleTicksPerSecond);
      } finally {
        nodes.forEach(Node::close);
      }
    }
    return size;
  }

  /** The three operations, each paced on the first node, with their receipts counted on every node. */
  static void operations(Size size, List<Node> nodes, Node first, double idleTicksPerSecond) {
    for (Node node : nodes) {
      // the session and the members are kept in the system properties: each evaluation starts clean
      first.eval(node.name, """
        var received = vertx().sharedData().getLocalCounter("scale.broadcast").toCompletionStage().toCompletableFuture().get();
        pubSub().subscribe("scale.bench", m -> received.incrementAndGet()).toCompletionStage().toCompletableFuture().get();
        var heard = vertx().sharedData().getLocalCounter("scale.chat").toCompletionStage().toCompletableFuture().get();
        var session = chat().open((address, event) -> { if ("message".equals(event.getString("type"))) heard.incrementAndGet(); });
        session.join("scale", "user-" + node().replaceAll("[^a-z0-9]", ""), null, null).toCompletionStage().toCompletableFuture().get();
        System.getProperties().put("scale.session", session);
        "ready"
        """);
    }
    int rate = 400;
    int seconds = 5;
    int count = rate * seconds;
    // members to join, made beforehand: joining is the operation measured
    first.eval(first.name, """
      var members = new java.util.ArrayList<multinode.groups.GroupMember>();
      for (int i = 0; i < MEMBERS; i++) members.add(groups().member(m -> { }, new io.vertx.core.json.JsonObject()).toCompletionStage().toCompletableFuture().get());
      System.getProperties().put("scale.members", members);
      members.size()
      """.replace("MEMBERS", String.valueOf(count + count / 2)));
    paced(size, nodes, first, idleTicksPerSecond, "broadcast", rate, count,
      "pubSub().broadcast(\"scale.bench\", new io.vertx.core.json.JsonObject().put(\"n\", i))", "scale.broadcast", count);
    paced(size, nodes, first, idleTicksPerSecond, "group_join", rate, count,
      "groups().join(\"scale\", ((java.util.List<multinode.groups.GroupMember>) System.getProperties().get(\"scale.members\")).get(i))",
      null, 0);
    int chatRate = 200;
    paced(size, nodes, first, idleTicksPerSecond, "chat_message", chatRate, chatRate * seconds,
      "chat().post(\"scale\", \"bench\", \"m\" + i)", "scale.chat", chatRate * seconds);
  }

  /**
   * Runs {@code count} operations at {@code rate} per second on the first node (after a warm-up round of
   * the same) and records the CPU per operation summed over the nodes, less their idle CPU.
   */
  static void paced(Size size, List<Node> nodes, Node first, double idleTicksPerSecond, String name, int rate,
                    int count, String operation, String counter, int perNode) {
    String loop = """
      long gap = 1_000_000_000L / RATE;
      long next = System.nanoTime();
      var pending = new java.util.ArrayList<io.vertx.core.Future<?>>();
      println("start");
      for (int i = FROM; i < TO; i++) {
        pending.add(OPERATION);
        next += gap;
        long wait = next - System.nanoTime();
        if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      io.vertx.core.Future.all(pending).toCompletionStage().toCompletableFuture().get();
      println("end");
      pending.size()
      """.replace("RATE", String.valueOf(rate)).replace("OPERATION", operation);
    // warm-up: the same operations, not measured (the JIT compiles their paths)
    first.eval(first.name, loop.replace("FROM", "0").replace("TO", String.valueOf(count / 2)).replace("println(\"start\");", "")
      .replace("println(\"end\");", ""));
    long[][] window = new long[2][];
    long[][] jit = new long[2][];
    long[] at = new long[2];
    first.evalMarked(first.name, loop.replace("FROM", String.valueOf(count / 2)).replace("TO", String.valueOf(count / 2 + count)),
      marker -> {
        int slot = marker.equals("start") ? 0 : 1;
        window[slot] = cpu(nodes, false);
        jit[slot] = cpu(nodes, true);
        at[slot] = System.nanoTime();
      });
    double seconds = (at[1] - at[0]) / 1e9;
    double ticks = 0, jitTicks = 0;
    for (int i = 0; i < nodes.size(); i++) {
      ticks += window[1][i] - window[0][i];
      jitTicks += jit[1][i] - jit[0][i];
    }
    double busyTicks = Math.max(0, ticks - idleTicksPerSecond * seconds);
    size.figures.put(name + "_cpu_us_all_nodes", busyTicks * CLOCK_TICK_US / count);
    size.figures.put(name + "_cpu_us_sender", Math.max(0, window[1][0] - window[0][0] - idleTicksPerSecond / nodes.size() * seconds)
      * CLOCK_TICK_US / count);
    size.figures.put(name + "_jit_us", jitTicks * CLOCK_TICK_US / count);
    size.figures.put(name + "_rate_per_s", count / seconds);
    if (counter != null) {
      long expected = (long) perNode + perNode / 2;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long fewest = fewestReceived(nodes, first, counter);
      while (fewest < expected && System.nanoTime() < deadline) {
        pause(200);
        fewest = fewestReceived(nodes, first, counter);
      }
      if (fewest < expected) {
        size.notes.add(name + ": a node received " + fewest + " of " + expected);
      }
    }
  }

  /** The smallest value of a node-local counter over the nodes. */
  static long fewestReceived(List<Node> nodes, Node first, String counter) {
    long fewest = Long.MAX_VALUE;
    for (Node node : nodes) {
      String value = first.eval(node.name, "vertx().sharedData().getLocalCounter(\"" + counter
        + "\").compose(c -> c.get()).toCompletionStage().toCompletableFuture().get()");
      fewest = Math.min(fewest, Long.parseLong(value.replace("\"", "")));
    }
    return fewest;
  }

  // ---- measurements ----------------------------------------------------------------------------

  /** CPU ticks (10 ms) of each node: the whole process, or its JIT compiler threads only. */
  static long[] cpu(List<Node> nodes, boolean jitOnly) {
    long[] ticks = new long[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      long pid = nodes.get(i).process.pid();
      if (!jitOnly) {
        ticks[i] = stat(Path.of("/proc", String.valueOf(pid), "stat"));
        continue;
      }
      try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
        ticks[i] = tasks.filter(task -> read(task.resolve("comm")).contains("CompilerThre"))
          .mapToLong(task -> stat(task.resolve("stat"))).sum();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ticks;
  }

  static long stat(Path file) {
    String stat = read(file);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** A counter of each host's {@code eth0} (e.g. {@code tx_bytes}). */
  static long[] tx(Lan lan, int n, String counter) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = Long.parseLong(sh("ip", "netns", "exec", lan.host(i), "cat", "/sys/class/net/eth0/statistics/" + counter).trim());
    }
    return values;
  }

  // ---- the LAN and the nodes -------------------------------------------------------------------

  /** A namespace per host, each with {@code eth0} on one bridge in a namespace of its own. */
  static final class Lan implements AutoCloseable {
    final String id = UUID.randomUUID().toString().substring(0, 6);
    final List<String> hosts = new ArrayList<>();

    static Lan create(int n) {
      Lan lan = new Lan();
      String hub = lan.hub();
      sh("ip", "netns", "add", hub);
      sh("ip", "-n", hub, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
      sh("ip", "-n", hub, "link", "set", "br0", "up");
      for (int i = 0; i < n; i++) {
        String host = "mn-scale-" + lan.id + "-" + (i + 1);
        sh("ip", "netns", "add", host);
        lan.hosts.add(host);
        sh("ip", "-n", hub, "link", "add", "p" + (i + 1), "type", "veth", "peer", "name", "eth0", "netns", host);
        sh("ip", "-n", hub, "link", "set", "p" + (i + 1), "master", "br0", "up");
        sh("ip", "-n", host, "link", "set", "lo", "up");
        sh("ip", "-n", host, "addr", "add", address(i) + "/24", "dev", "eth0");
        sh("ip", "-n", host, "link", "set", "eth0", "up");
        sh("ip", "-n", host, "route", "add", "224.0.0.0/4", "dev", "eth0");
      }
      return lan;
    }

    String hub() {
      return "mn-scale-" + id + "-hub";
    }

    String host(int index) {
      return hosts.get(index);
    }

    static String address(int index) {
      return SUBNET + (11 + index);
    }

    @Override
    public void close() {
      hosts.forEach(host -> sh("ip", "netns", "del", host));
      sh("ip", "netns", "del", hub());
    }
  }

  /** A node in its namespace: NodeBench's spawned process (stdout time-stamped), reached through its operator API. */
  static final class Node implements AutoCloseable {
    final String name;
    final String netns;
    final NodeBench.Node run;
    final Process process;

    private Node(String name, String netns, NodeBench.Node run) {
      this.name = name;
      this.netns = netns;
      this.run = run;
      this.process = run.process;
    }

    static Node spawn(Lan lan, int index, String cookie) {
      String name = "s" + (index + 1) + "@scale";
      return new Node(name, lan.host(index), NodeBench.Node.spawn(name, List.of("ip", "netns", "exec", lan.host(index)),
        NodeBench.javaCommand(), Map.of("MULTINODE_NODE_NAME", name, "MULTINODE_COOKIE", cookie,
          "MULTINODE_CLUSTER_HOST", Lan.address(index),
          "MULTINODE_INVOKE_EVAL_ENABLED", "true", "MULTINODE_INVOKE_EVAL_ALLOW_WITHOUT_TLS", "true")));
    }

    /** Milliseconds from {@code since} until this node has printed {@code count} lines containing {@code text}. */
    double awaitCount(String text, int count, long since, int seconds) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        int seen = 0;
        for (int i = 0; i < run.lines.size(); i++) {
          if (run.lines.get(i).contains(text) && ++seen == count) {
            return (run.times.get(i) - since) / 1e6;
          }
        }
        pause(5);
      }
      throw new IllegalStateException(name + " did not print " + count + " \"" + text + "\" lines within " + seconds
        + " s:\n" + String.join("\n", run.lines));
    }

    void awaitReady(int seconds) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        if (curl("-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:4000/ready").trim().equals("200")) {
          return;
        }
        pause(200);
      }
      throw new IllegalStateException(name + " not ready within " + seconds + " s");
    }

    double heapAfterGcMiB() {
      sh("jcmd", String.valueOf(process.pid()), "GC.run");
      Matcher used = Pattern.compile("used (\\d+)K").matcher(sh("jcmd", String.valueOf(process.pid()), "GC.heap_info"));
      if (!used.find()) {
        throw new IllegalStateException("no heap figure from jcmd for " + name);
      }
      return Long.parseLong(used.group(1)) / 1024.0;
    }

    /** Evaluates {@code source} on node {@code target} through this node's operator API; returns the result. */
    String eval(String target, String source) {
      return evalMarked(target, source, marker -> { });
    }

    /** The same, calling {@code onMarker} the moment the code prints a line ("start", "end"). */
    String evalMarked(String target, String source, java.util.function.Consumer<String> onMarker) {
      try {
        Path file = Files.createTempFile("scale-eval", ".jsh");
        Files.writeString(file, source);
        Process curl = new ProcessBuilder("ip", "netns", "exec", netns, "curl", "-sN", "-X", "POST", "--data-binary",
          "@" + file, "http://127.0.0.1:5000/api/nodes/" + target + "/eval?timeout=120000").redirectErrorStream(true).start();
        String result = null;
        List<String> all = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            all.add(line);
            Matcher output = Pattern.compile("\\{\"type\":\"output\",\"line\":\"(.*)\"}").matcher(line);
            Matcher value = Pattern.compile("\\{\"type\":\"result\",\"value\":(.*)}").matcher(line);
            if (output.matches()) {
              onMarker.accept(output.group(1));
            } else if (value.matches()) {
              result = value.group(1);
            }
          }
        }
        curl.waitFor();
        Files.delete(file);
        if (result == null) {
          throw new IllegalStateException("eval on " + target + " failed: " + String.join("\n", all) + "\nsource:\n" + source);
        }
        return result;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    String curl(String... args) {
      List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns, "curl", "-s"));
      command.addAll(List.of(args));
      return sh(command.toArray(new String[0]));
    }

    @Override
    public void close() {
      run.close();
    }
  }

  // ---- the table -------------------------------------------------------------------------------

  static final List<String[]> ROWS = List.of(
    new String[] {"form_ms", "time to form: all started → every node saw every other up (ms)", "total"},
    new String[] {"idle_cpu_pct_per_node", "idle CPU per node (% of a core)", "node"},
    new String[] {"idle_cpu_pct_per_node_without_jit", "… without the JIT compiler's threads", "node"},
    new String[] {"heap_mib_per_node", "heap per node after a GC (MiB)", "node"},
    new String[] {"background_kib_per_node_per_min", "background traffic per node (KiB/min)", "node"},
    new String[] {"background_packets_per_node_per_min", "… packets per node per minute", "node"},
    new String[] {"broadcast_cpu_us_all_nodes", "one broadcast, 1 subscriber per node: CPU, all nodes (µs)", "total"},
    new String[] {"broadcast_cpu_us_sender", "… of it on the sending node (µs)", "node"},
    new String[] {"group_join_cpu_us_all_nodes", "one group join: CPU, all nodes (µs)", "total"},
    new String[] {"group_join_cpu_us_sender", "… of it on the joining node (µs)", "node"},
    new String[] {"chat_message_cpu_us_all_nodes", "one chat message, a user per node: CPU, all nodes (µs)", "total"},
    new String[] {"chat_message_cpu_us_sender", "… of it on the posting node (µs)", "node"});

  static void print(List<Size> sizes) {
    StringBuilder header = new StringBuilder(String.format("%n%-62s", "scale figure"));
    sizes.forEach(s -> header.append(String.format("%10s", s.nodes + " nodes")));
    header.append(String.format("%12s%12s", "growth", "n growth"));
    System.out.println(header);
    Size small = sizes.get(0), large = sizes.get(sizes.size() - 1);
    double nodesGrowth = (double) large.nodes / small.nodes;
    for (String[] row : ROWS) {
      StringBuilder line = new StringBuilder(String.format("%-62s", row[1]));
      sizes.forEach(s -> line.append(String.format(Locale.ROOT, "%10s", fmt(s.figures.get(row[0])))));
      Double a = small.figures.get(row[0]), b = large.figures.get(row[0]);
      line.append(String.format(Locale.ROOT, "%12s%12s", a == null || b == null || a == 0 ? "-" : String.format(Locale.ROOT, "%.2f×", b / a),
        String.format(Locale.ROOT, "%.0f×", nodesGrowth)));
      System.out.println(line);
    }
    for (Size s : sizes) {
      s.notes.forEach(note -> System.out.println("note (" + s.nodes + " nodes): " + note));
      System.out.printf(Locale.ROOT, "paced rates (%d nodes): broadcast %.0f/s, group join %.0f/s, chat %.0f/s; JIT compiler's "
          + "share per operation: %.0f, %.0f, %.0f µs%n", s.nodes,
        s.figures.get("broadcast_rate_per_s"), s.figures.get("group_join_rate_per_s"), s.figures.get("chat_message_rate_per_s"),
        s.figures.get("broadcast_jit_us"), s.figures.get("group_join_jit_us"), s.figures.get("chat_message_jit_us"));
    }
  }

  static String fmt(Double value) {
    return value == null ? "n/a" : value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  static String json(List<Size> sizes) {
    StringBuilder out = new StringBuilder("{\n  \"benchmark\": \"scale\",\n  \"when\": \"" + Instant.now() + "\",\n  \"cores\": "
      + Runtime.getRuntime().availableProcessors() + ",\n  \"sizes\": [\n");
    for (int i = 0; i < sizes.size(); i++) {
      Size s = sizes.get(i);
      out.append("    {\"nodes\": ").append(s.nodes);
      s.figures.forEach((k, v) -> out.append(", \"").append(k).append("\": ").append(String.format(Locale.ROOT, "%.2f", v)));
      out.append(", \"notes\": [");
      out.append(String.join(", ", s.notes.stream().map(n -> "\"" + n.replace("\"", "'") + "\"").toList()));
      out.append(i + 1 < sizes.size() ? "]},\n" : "]}\n");
    }
    return out.append("  ]\n}\n").toString();
  }

  // ---- small helpers ---------------------------------------------------------------------------

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  static String sh(String... command) {
    return NodeBench.sh(command);
  }

  static void pause(long ms) {
    NodeBench.pause(ms);
  }
}
