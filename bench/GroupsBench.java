import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.config.ConfigLoader;
import multinode.groups.GroupMember;
import multinode.groups.Groups;
import multinode.test.FreePorts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Process-group figures of multinode beside Erlang's {@code pg}, measured in one run on this machine.
 * <p>
 * Two clustered multinode nodes run in this JVM (static discovery on 127.0.0.1); the node whose members
 * die is a separate JVM ({@code GroupsVictim.java}) that is killed or frozen. The Erlang figures come
 * from {@code bench/peers/erlang/pg_bench.erl}, compiled and run here in the same session.
 * <p>
 * usage (bench/run compiles it): {@code GroupsBench <dir of pg_bench.beam> <runs> <results.json>}
 */
public class GroupsBench {

  static final int JOINS = 50_000;
  static final int BIG = 50_000;
  /** Measured rounds of batched joins, after the warm-up ones. */
  static final int BATCHED_ROUNDS = 5;
  /**
   * What node A holds when it stops: three warm-up rounds and the measured one of joins one at a time, the
   * measured rounds of batched joins (their warm-up rounds leave again), the big group.
   */
  static final int MEMBERSHIPS_ON_A = (3 + 1 + BATCHED_ROUNDS) * JOINS + BIG;

  public static void main(String[] args) throws Exception {
    String erlangBeams = args[0];
    int runs = Integer.parseInt(args[1]);
    Path results = Path.of(args[2]);
    Map<String, Double> erlang = ErlangPeer.figures(erlangBeams, "pgbench_a", "pg_bench");

    String cookie = "bench-" + UUID.randomUUID();
    int[] hz = freePorts(3);
    String members = Arrays.stream(hz).mapToObj(p -> "127.0.0.1:" + p).reduce((x, y) -> x + "," + y).orElseThrow();
    Multinode a = start("a@bench", cookie, members, hz[0]);
    Multinode b = start("b@bench", cookie, members, hz[1]);
    List<String[]> rows = new ArrayList<>();
    try {
      double[] latency = visibleOnB(a, b);
      double reads = readsPerSecond(a.groups(), 10);
      // warm-up rounds let the JIT finish with each path; the last round is the figure (a node's steady state)
      for (int round = 0; round < 3; round++) {
        joinsOneAtATime(a);
      }
      double joins = joinsOneAtATime(a);
      // a window of 50,000 batched joins lasts 6-20 ms: while the JIT still compiles, or a young pause falls
      // in it, that decides its figure. Warm-up rounds of five windows each, left again so that A's
      // memberships stay as they are, until the JIT is quiet (20 at most: this JVM is seconds old, and its
      // compiler has more than this path to do); then the median of five is the figure, on both sides, and
      // the slowest is shown beside it
      GroupMember[] warming = members(a.groups(), 100);
      warmUntilJitQuiet("batched joins", 3, 20, () -> joinAndLeaveBatched(a, warming, 5), ProcessHandle.current().pid());
      List<Double> batchedRounds = new ArrayList<>();
      for (int round = 0; round < BATCHED_ROUNDS; round++) {
        batchedRounds.add(joinsBatched(a));
      }
      System.out.println("batched rounds (member-joins/s): " + batchedRounds.stream().map(r -> String.valueOf(Math.round(r))).toList());
      double batched = median(batchedRounds);
      double batchedSlowest = Collections.min(batchedRounds);
      double[] big = bigGroup(a);
      double killed = median(victimRuns(a, cookie, members, hz[2], "KILL", runs));
      double hung = median(victimRuns(a, cookie, members, hz[2], "STOP", runs));
      rows.add(row("members() reads/s, one node (calls/s)", reads, erlang.get("reads"), "≥ 1.0× Erlang"));
      rows.add(row("joins/s, one at a time", joins, erlang.get("joins"), "≥ 0.5× Erlang"));
      rows.add(row("member-joins/s, batched by 100 (median of " + BATCHED_ROUNDS + " rounds)", batched, erlang.get("batched"),
        "≥ 1.0× Erlang"));
      rows.add(row("  the slowest of those rounds", batchedSlowest, erlang.get("batched_slowest"), ""));
      rows.add(row("join on A → visible on B, p50 (µs)", latency[0], erlang.get("latency_p50"), ""));
      rows.add(row("join on A → visible on B, p99 (µs)", latency[1], erlang.get("latency_p99"), "≤ 1000"));
      rows.add(row("joins/s into one group, first 1,000", big[0], erlang.get("big_first"), ""));
      rows.add(row("joins/s into one group, last 1,000 of 50,000", big[1], erlang.get("big_last"), "no slowdown"));
      rows.add(row("members() reads/s of a 50,000-member group", big[2], erlang.get("big_reads"), "no slowdown"));
      rows.add(row("kill -9 → members gone on survivor (ms)", killed, erlang.get("killed_ms"), "≤ 2000"));
      rows.add(row("SIGSTOP → members gone on survivor (ms)", hung, null, "≤ 6000"));
    } finally {
      // a node leaving with many members is a real operator event: A holds the 50,000-member group and
      // the memberships of the join figures
      long closing = System.nanoTime();
      a.close().await(30, TimeUnit.SECONDS);
      rows.add(row(String.format(Locale.ROOT, "node A stops, with its %,d memberships (ms)", MEMBERSHIPS_ON_A),
        (System.nanoTime() - closing) / 1e6, null, "≤ 5000"));
      b.close().await(30, TimeUnit.SECONDS);
    }
    System.out.printf("%n%-48s %14s %14s %8s  %s%n", "groups figure (median of " + runs + " where repeated)", "multinode", "erlang pg", "ratio", "target");
    rows.forEach(r -> System.out.printf(Locale.ROOT, "%-48s %14s %14s %8s  %s%n", (Object[]) r));
    Files.writeString(results, json(rows));
  }

  // ---- figures ---------------------------------------------------------------------------------

  static double readsPerSecond(Groups groups, int size) {
    String group = "reads-" + size + "-" + UUID.randomUUID();
    for (int i = 0; i < size; i++) {
      groups.join(group, groups.member(m -> { }, null).await()).await();
    }
    long sink = 0;
    for (int i = 0; i < 1_000_000; i++) {
      sink += groups.members(group).size(); // warm-up
    }
    long calls = 0;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        sink += groups.members(group).size();
      }
      calls += 1000;
    }
    if (sink == 42) {
      System.out.print("");
    }
    return calls / ((System.nanoTime() - start) / 1e9);
  }

  /** One member joins 50,000 groups on an event loop, each join complete before the next starts. */
  static double joinsOneAtATime(Multinode node) throws Exception {
    Groups groups = node.groups();
    GroupMember member = groups.member(m -> { }, null).await();
    String prefix = "one-" + UUID.randomUUID() + "-";
    return onEventLoop(node, () -> {
      for (int i = 0; i < JOINS; i++) {
        mustBeDone(groups.join(prefix + i, member));
      }
    }, JOINS);
  }

  /** 100 new members join 500 groups, 100 per call. */
  static double joinsBatched(Multinode node) throws Exception {
    Groups groups = node.groups();
    GroupMember[] members = members(groups, 100);
    String prefix = "batch-" + UUID.randomUUID() + "-";
    return onEventLoop(node, () -> joinAll(groups, prefix, members), JOINS);
  }

  /** The members join groups {@code prefix}0 to {@code prefix}499, all of them in one call per group. */
  static void joinAll(Groups groups, String prefix, GroupMember[] members) {
    for (int i = 0; i < JOINS / members.length; i++) {
      mustBeDone(groups.join(prefix + i, members));
    }
  }

  /** A warm-up round: {@code times} times, the members join 500 groups, 100 per call, and leave them again. */
  static void joinAndLeaveBatched(Multinode node, GroupMember[] members, int times) throws Exception {
    Groups groups = node.groups();
    for (int time = 0; time < times; time++) {
      String prefix = "warm-" + UUID.randomUUID() + "-";
      onEventLoop(node, () -> {
        joinAll(groups, prefix, members);
        for (int i = 0; i < JOINS / members.length; i++) {
          mustBeDone(groups.leave(prefix + i, members));
        }
      }, 2 * JOINS);
    }
  }

  static GroupMember[] members(Groups groups, int count) {
    GroupMember[] members = new GroupMember[count];
    for (int i = 0; i < members.length; i++) {
      members[i] = groups.member(m -> { }, null).await();
    }
    return members;
  }

  /** Runs {@code work} on an event loop and returns {@code count} per second of it. */
  static double onEventLoop(Multinode node, Runnable work, int count) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    node.vertx().runOnContext(v -> {
      long start = System.nanoTime();
      work.run();
      done.complete(System.nanoTime() - start);
    });
    return count / (done.get(120, TimeUnit.SECONDS) / 1e9);
  }

  /** A join is one at a time only if it has completed when the call returns. */
  static void mustBeDone(Future<?> join) {
    if (!join.succeeded()) {
      throw new IllegalStateException("join not complete on return: " + join);
    }
  }

  /**
   * Joins and leaves on A, one at a time, each waiting until B's monitor has seen it: two rounds of
   * 2,200 warm the JIT up, and the third round's last 2,000 are the figure (a node's steady state).
   */
  static double[] visibleOnB(Multinode a, Multinode b) throws Exception {
    visibleOnBOnce(a, b);
    visibleOnBOnce(a, b);
    return visibleOnBOnce(a, b);
  }

  static double[] visibleOnBOnce(Multinode a, Multinode b) throws Exception {
    String group = "latency-" + UUID.randomUUID();
    Map<String, CompletableFuture<Long>> seen = new ConcurrentHashMap<>();
    b.groups().monitor(group, e -> seen.computeIfAbsent(e.member().id() + e.type(), k -> new CompletableFuture<>())
      .complete(System.nanoTime())).await();
    GroupMember member = a.groups().member(m -> { }, null).await();
    List<Double> micros = new ArrayList<>();
    for (int i = 0; i < 2200; i++) {
      boolean join = i % 2 == 0;
      String key = member.id() + (join ? "JOIN" : "LEAVE");
      seen.remove(key);
      long start = System.nanoTime();
      (join ? a.groups().join(group, member) : a.groups().leave(group, member)).await();
      long arrived = seen.computeIfAbsent(key, k -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
      if (i >= 200) {
        micros.add((arrived - start) / 1e3);
      }
    }
    Collections.sort(micros);
    return new double[] {micros.get(micros.size() / 2), micros.get((int) (micros.size() * 0.99))};
  }

  /** 50,000 members join one group one at a time; then members() of that group is read. */
  static double[] bigGroup(Multinode node) throws Exception {
    Groups groups = node.groups();
    String group = "big-" + UUID.randomUUID();
    List<Future<GroupMember>> made = new ArrayList<>();
    for (int i = 0; i < BIG; i++) {
      made.add(groups.member(m -> { }, null));
    }
    Future.all(made).await(300, TimeUnit.SECONDS);
    GroupMember[] members = made.stream().map(Future::result).toArray(GroupMember[]::new);
    long[] marks = new long[BIG + 1];
    onEventLoop(node, () -> {
      for (int i = 0; i < BIG; i++) {
        marks[i] = System.nanoTime();
        mustBeDone(groups.join(group, members[i]));
      }
      marks[BIG] = System.nanoTime();
    }, BIG);
    double first = 1000 / ((marks[1000] - marks[0]) / 1e9);
    double last = 1000 / ((marks[BIG] - marks[BIG - 1000]) / 1e9);
    long sink = 0;
    long calls = 0;
    long start = System.nanoTime();
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2)) {
      sink += groups.members(group).size();
      calls++;
    }
    if (sink == 42) {
      System.out.print("");
    }
    return new double[] {first, last, calls / ((System.nanoTime() - start) / 1e9)};
  }

  /** A separate node joins 1,000 members, is killed or frozen, and the survivor's view is watched. */
  static List<Double> victimRuns(Multinode survivor, String cookie, String members, int port, String signal, int runs)
    throws Exception {
    List<Double> times = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "bench/GroupsVictim.java", cookie, members, String.valueOf(port),
        "1000", String.valueOf(freePorts(1)[0])).redirectErrorStream(true).start();
      try {
        awaitLine(victim, "MEMBERS JOINED");
        await(() -> survivor.groups().members("victim").size() == 1000);
        await(() -> survivor.nodes().ready().await());
        long start = System.nanoTime();
        new ProcessBuilder("kill", "-" + signal, String.valueOf(victim.pid())).start().waitFor();
        await(() -> survivor.groups().members("victim").isEmpty());
        times.add((System.nanoTime() - start) / 1e6);
      } finally {
        new ProcessBuilder("kill", "-CONT", String.valueOf(victim.pid())).start().waitFor();
        victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        await(() -> survivor.nodes().list().stream().noneMatch(n -> n.name().equals("victim@bench")));
      }
    }
    return times;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static Multinode start(String name, String cookie, String members, int hazelcastPort) throws Exception {
    return start(name, cookie, members, hazelcastPort, new JsonObject());
  }

  /** A clustered node in this JVM with these settings over the bench's own (e.g. {@code {"node":{"eventLoops":0}}}). */
  static Multinode start(String name, String cookie, String members, int hazelcastPort, JsonObject overrides) throws Exception {
    JsonObject flags = listeners()
      .put("node", new JsonObject().put("name", name).put("cookie", cookie))
      .put("cluster", new JsonObject().put("discovery", "static").put("members", members)
        .put("host", "127.0.0.1").put("hazelcastPort", hazelcastPort));
    return Multinode.start(ConfigLoader.load(Map.of(), null, flags.mergeIn(overrides, true)), true).await(60, TimeUnit.SECONDS);
  }

  /**
   * The listeners of a node in a benchmark's JVM: HTTP on 127.0.0.1 at a free port, the operator API on a
   * port of its own choosing, and no TCP bridge (the ports beside the HTTP port may be taken).
   */
  static JsonObject listeners() throws IOException {
    return new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", freePorts(1)[0]))
      .put("admin", new JsonObject().put("port", 0))
      .put("bridge", new JsonObject().put("port", 0));
  }

  /**
   * {@code java -XX:-UseCodeCacheFlushing -jar multinode.jar -cluster} (the JVM flag the image runs with, see
   * {@code docs/scale.md}) as a separate process, a static member of {@code members} on
   * 127.0.0.1 with these ports and event loops (0: Vert.x's default), its TCP bridge off; started, READY
   * not yet awaited.
   */
  static Process jarNode(Path jar, String name, String cookie, String members, int hazelcastPort, int httpPort,
                         int eventLoops) throws IOException {
    return jarNode(jar, name, cookie, members, hazelcastPort, httpPort, eventLoops, 0);
  }

  /** The same, with the TCP bridge on {@code bridgePort}; its operator API on a free port, {@link #adminPort}. */
  static Process jarNode(Path jar, String name, String cookie, String members, int hazelcastPort, int httpPort,
                         int eventLoops, int bridgePort) throws IOException {
    return jarNode(jar, name, cookie, members, hazelcastPort, httpPort, eventLoops, bridgePort, Map.of());
  }

  /** The same, with more of the node's environment (e.g. {@code MULTINODE_INVOKE_EVAL_ENABLED}). */
  static Process jarNode(Path jar, String name, String cookie, String members, int hazelcastPort, int httpPort,
                         int eventLoops, int bridgePort, Map<String, String> env) throws IOException {
    int adminPort = freePorts(1)[0];
    ADMIN_PORTS.put(httpPort, adminPort);
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-XX:-UseCodeCacheFlushing", "-jar", jar.toString(), "-cluster").redirectErrorStream(true);
    builder.environment().putAll(Map.of("MULTINODE_NODE_NAME", name, "MULTINODE_COOKIE", cookie,
      "MULTINODE_EVENT_LOOPS", String.valueOf(eventLoops), "MULTINODE_DISCOVERY", "static",
      "MULTINODE_MEMBERS", members, "MULTINODE_CLUSTER_HOST", "127.0.0.1",
      "MULTINODE_HAZELCAST_PORT", String.valueOf(hazelcastPort), "MULTINODE_HTTP_HOST", "127.0.0.1",
      "MULTINODE_HTTP_PORT", String.valueOf(httpPort), "MULTINODE_BRIDGE_PORT", String.valueOf(bridgePort)));
    builder.environment().put("MULTINODE_ADMIN_PORT", String.valueOf(adminPort));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The operator API's port of the node {@link #jarNode} started with this HTTP port. */
  static int adminPort(int httpPort) {
    return ADMIN_PORTS.get(httpPort);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void await(Check check) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!check.ok()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("condition not met within 60 s");
      }
      Thread.sleep(1);
    }
  }

  static void awaitLine(Process process, String text) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()));
    ArrayDeque<String> last = new ArrayDeque<>();
    for (String line; (line = in.readLine()) != null; ) {
      last.addLast(line);
      if (last.size() > 20) {
        last.removeFirst();
      }
      if (line.contains(text)) {
        Thread drain = new Thread(() -> {
          try {
            while (in.readLine() != null) {
              // keep the pipe empty
            }
          } catch (IOException e) {
            // process gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IllegalStateException("the process exited before printing " + text + "; its last lines:\n  "
      + String.join("\n  ", last));
  }

  /** One warm-up round. */
  interface Round {
    void run() throws Exception;
  }

  /**
   * Warm-up rounds until the JIT is done with what they run: until two rounds in a row in which the JIT
   * compiler threads of these processes took under 2 % of the round's time (at least {@code min} rounds,
   * at most {@code max}). While it compiles, the JIT competes with the measured threads for the cores: on
   * 2 cores it kept a call's event loop waiting for a CPU 470 ms in a round of 1.2 s, whose p99 was 1.8×
   * the next rounds', and it took 1.0–1.2 s of each of the first three 3 s rounds of broadcast latency.
   * Prints how many rounds it took and what the JIT took in the last.
   */
  static void warmUntilJitQuiet(String what, int min, int max, Round round, long... pids) throws Exception {
    int quiet = 0;
    for (int done = 1; ; done++) {
      long compiledBefore = compilerNanos(pids);
      long start = System.nanoTime();
      round.run();
      long took = System.nanoTime() - start;
      long compiled = Math.max(0, compilerNanos(pids) - compiledBefore);
      quiet = compiled < took / 50 ? quiet + 1 : 0;
      if (done >= min && quiet >= 2 || done == max) {
        System.out.printf(Locale.ROOT, "%s: %d warm-up rounds, the JIT took %.1f ms of the last one's %.0f ms%s%n", what, done,
          compiled / 1e6, took / 1e6, quiet >= 2 ? "" : " (not quiet yet)");
        return;
      }
    }
  }

  /** The rounds measured after a warm-up whose medians are a figure, on both sides of a comparison. */
  static final int MEASURED_ROUNDS = 5;

  /**
   * The median of each of a round's figures (named by {@code names}, in {@code unit}) over
   * {@value #MEASURED_ROUNDS} rounds, every round's printed. One round is not enough where a figure
   * rests on few samples or a short window: a p99 on its slowest 1 % (25 broadcasts, 100 calls) moved
   * 0.2–1.3× the peer's from run to run, an adapter's round of 20,000 messages lasts a fraction of a
   * second. The peers' figures are taken the same way.
   */
  static double[] medianOfRounds(String what, List<String> names, String unit, Callable<double[]> round) throws Exception {
    List<List<Double>> figures = new ArrayList<>();
    names.forEach(name -> figures.add(new ArrayList<>()));
    for (int i = 0; i < MEASURED_ROUNDS; i++) {
      double[] measured = round.call();
      for (int k = 0; k < names.size(); k++) {
        figures.get(k).add(measured[k]);
      }
    }
    StringBuilder line = new StringBuilder(what).append(", each round:");
    for (int k = 0; k < names.size(); k++) {
      line.append(k == 0 ? " " : ", ").append(names.get(k)).append(' ')
        .append(figures.get(k).stream().map(Math::round).toList()).append(' ').append(unit);
    }
    System.out.println(line);
    return figures.stream().mapToDouble(GroupsBench::median).toArray();
  }

  /** CPU time of the JIT compiler threads of these processes, from {@code /proc}. */
  static long compilerNanos(long... pids) throws IOException {
    long total = 0;
    for (long pid : pids) {
      try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
        for (Path task : tasks.toList()) {
          try {
            if (Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
              total += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
            }
          } catch (IOException gone) {
            // a compiler thread that ended: what it took is gone with it
          }
        }
      }
    }
    return total;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String[] row(String figure, double multinode, Double erlang, String target) {
    String ratio = erlang == null || erlang == 0 ? "-" : String.format(Locale.ROOT, "%.2f", multinode / erlang);
    return new String[] {figure, fmt(multinode), erlang == null ? "n/a" : fmt(erlang), ratio, target};
  }

  static String fmt(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
  }

  static String json(List<String[]> rows) {
    StringBuilder out = new StringBuilder("{\"benchmark\": \"groups\", \"when\": \"" + Instant.now() + "\", \"figures\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      out.append(String.format("  {\"figure\": \"%s\", \"multinode\": %s, \"erlang\": %s, \"ratio\": %s, \"target\": \"%s\"}%s%n",
        r[0], r[1], r[2].equals("n/a") ? "null" : r[2], r[3].equals("-") ? "null" : r[3], r[4], i + 1 < rows.size() ? "," : ""));
    }
    return out.append("]}\n").toString();
  }

  private static final Map<Integer, Integer> ADMIN_PORTS = new java.util.concurrent.ConcurrentHashMap<>();

  static int[] freePorts(int count) {
    // the tests' picker: below the kernel's ephemeral range, where no outgoing connection takes the port
    // between the pick and the node's bind
    return FreePorts.take(count).stream().mapToInt(Integer::intValue).toArray();
  }
}
