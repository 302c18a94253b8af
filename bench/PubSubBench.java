import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.config.ConfigLoader;
import multinode.pubsub.PubSub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PubSub figures of multinode beside Erlang (pg + distribution) and redis-benchmark, in one run.
 * <p>
 * Two clustered nodes run in this JVM for the event-bus figures; two nodes that are not clustered share
 * a {@code redis-server} (started here on a free port) for the Redis figure. Every figure follows
 * warm-up rounds, long enough for the JIT to finish with the path measured: the figures are a running
 * node's steady state. The latency p50 and p99 are the medians of five rounds' figures, on both sides.
 * <p>
 * usage (bench/run compiles it): {@code PubSubBench <dir of pubsub_bench.beam> <results.json>}
 */
public class PubSubBench {

  static final JsonObject CHAT = new JsonObject().put("type", "message").put("room", "lobby").put("from", "alice")
    .put("text", "hello, is anybody out there?");

  public static void main(String[] args) throws Exception {
    // Erlang's throughput before its latency rounds, which then alternate with multinode's
    ErlangPeer erlangPeer = ErlangPeer.paced(args[0], "psbench_a", "pubsub_bench");
    Path results = Path.of(args[1]);
    List<String[]> rows = new ArrayList<>();

    String cookie = "bench-" + UUID.randomUUID();
    int[] hz = GroupsBench.freePorts(2);
    String members = "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1];
    Multinode a = GroupsBench.start("a@bench", cookie, members, hz[0]);
    Multinode b = GroupsBench.start("b@bench", cookie, members, hz[1]);
    // warm-up: the JIT needs about a million messages on this path before the figure settles
    for (int round = 0; round < 4; round++) {
      throughput(a, b, 200_000);
    }
    double throughput = throughput(a, b, 200_000);
    // at least three warm-up rounds (the JIT needs about ten thousand messages on this path), and on until it is quiet
    GroupsBench.warmUntilJitQuiet("broadcast latency", 3, 20, () -> latency(a, b, 3000), ProcessHandle.current().pid());
    double[] latency = GroupsBench.medianOfRounds("broadcast latency", List.of("p50", "p99"), "µs", () -> {
      erlangPeer.round();
      return latency(a, b, 3000);
    });
    // Erlang's fan-out, then multinode's
    Map<String, Double> erlang = erlangPeer.finish();
    double fanout = fanout(a, b);
    a.close().await(30, TimeUnit.SECONDS);
    b.close().await(30, TimeUnit.SECONDS);

    double[] redis = redis();
    rows.add(GroupsBench.row("broadcast A→B, 1 publisher, msgs/s", throughput, erlang.get("throughput"), "≥ 1.5× Erlang"));
    rows.add(GroupsBench.row("broadcast latency A→B at 1,000/s, p50 (µs)", latency[0], erlang.get("latency_p50"), ""));
    rows.add(GroupsBench.row("broadcast latency A→B at 1,000/s, p99 (µs)", latency[1], erlang.get("latency_p99"), "≤ 1000"));
    rows.add(GroupsBench.row("one broadcast → 20,000 subscribers on 2 nodes (ms)", fanout, erlang.get("fanout_ms"), "≤ Erlang"));
    rows.add(GroupsBench.row("Redis adapter, msgs/s (vs redis-benchmark PUBLISH -P 16)", redis[0], redis[1], "≥ 0.5×"));
    rows.add(GroupsBench.row("redis-benchmark PUBLISH, unpipelined, requests/s", redis[2], null, ""));
    System.out.printf("%n%-58s %12s %12s %8s  %s%n", "pubsub figure", "multinode", "peer", "ratio", "target");
    rows.forEach(r -> System.out.printf(Locale.ROOT, "%-58s %12s %12s %8s  %s%n", (Object[]) r));
    Files.writeString(results, GroupsBench.json(rows).replace("\"groups\"", "\"pubsub\""));
    System.exit(0);
  }

  /** One subscriber on B; A broadcasts {@code n} chat messages, 500 per event-loop turn; msgs/s until B has all. */
  static double throughput(Multinode a, Multinode b, int n) throws Exception {
    String topic = "thr-" + UUID.randomUUID();
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Long> done = new CompletableFuture<>();
    b.pubSub().subscribe(topic, m -> {
      if (received.incrementAndGet() == n) {
        done.complete(System.nanoTime());
      }
    }).await();
    long start = System.nanoTime();
    a.vertx().runOnContext(v -> publish(a.vertx(), a.pubSub(), topic, 0, n));
    return n / ((done.get(120, TimeUnit.SECONDS) - start) / 1e9);
  }

  static void publish(Vertx vertx, PubSub pubSub, String topic, int sent, int n) {
    int end = Math.min(n, sent + 500);
    for (int i = sent; i < end; i++) {
      pubSub.broadcast(topic, CHAT);
    }
    if (end < n) {
      vertx.runOnContext(v -> publish(vertx, pubSub, topic, end, n));
    }
  }

  /** A broadcasts one message a millisecond; B measures each one's travel on the shared clock. */
  static double[] latency(Multinode a, Multinode b, int count) throws Exception {
    String topic = "lat-" + UUID.randomUUID();
    List<Double> micros = Collections.synchronizedList(new ArrayList<>());
    b.pubSub().subscribe(topic, m -> micros.add((System.nanoTime() - m.json().getLong("t")) / 1e3)).await();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    AtomicInteger left = new AtomicInteger(count);
    a.vertx().setPeriodic(1, id -> {
      a.pubSub().broadcast(topic, CHAT.copy().put("t", System.nanoTime()));
      if (left.decrementAndGet() == 0) {
        a.vertx().cancelTimer(id);
        sent.complete(null);
      }
    });
    sent.get(60, TimeUnit.SECONDS);
    GroupsBench.await(() -> micros.size() == count);
    List<Double> sorted = new ArrayList<>(micros.subList(count / 6, count));
    Collections.sort(sorted);
    return new double[] {sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99))};
  }

  /** 10,000 subscribers on each node; one broadcast from A; time until all 20,000 got it (median of 5). */
  static double fanout(Multinode a, Multinode b) throws Exception {
    String topic = "fan-" + UUID.randomUUID();
    AtomicInteger got = new AtomicInteger();
    Map<Integer, CompletableFuture<Long>> rounds = new ConcurrentHashMap<>();
    for (Multinode node : List.of(a, b)) {
      for (int i = 0; i < 10_000; i++) {
        node.pubSub().subscribe(topic, m -> {
          int total = got.incrementAndGet();
          if (total % 20_000 == 0) {
            rounds.computeIfAbsent(total / 20_000, k -> new CompletableFuture<>()).complete(System.nanoTime());
          }
        }).await();
      }
    }
    List<Double> times = new ArrayList<>();
    for (int round = 1; round <= 6; round++) {
      long start = System.nanoTime();
      a.pubSub().broadcast(topic, CHAT);
      long end = rounds.computeIfAbsent(round, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
      if (round > 1) {
        times.add((end - start) / 1e6);
      }
    }
    return GroupsBench.median(times);
  }

  /** multinode over Redis (2 nodes, not clustered), beside redis-benchmark's PUBLISH on the same server. */
  static double[] redis() throws Exception {
    int port = GroupsBench.freePorts(1)[0];
    Process server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String url = "redis://127.0.0.1:" + port;
      GroupsBench.await(() -> sh("redis-cli", "-p", String.valueOf(port), "ping").contains("PONG"));
      Multinode a = redisNode("ra@bench", url);
      Multinode b = redisNode("rb@bench", url);
      for (int round = 0; round < 4; round++) {
        throughput(a, b, 100_000);
      }
      double multinode = throughput(a, b, 100_000);
      a.close().await(30, TimeUnit.SECONDS);
      b.close().await(30, TimeUnit.SECONDS);
      String message = CHAT.encode();
      double pipelined = redisBenchmark(port, "16", message);
      double unpipelined = redisBenchmark(port, "1", message);
      return new double[] {multinode, pipelined, unpipelined};
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static Multinode redisNode(String name, String url) throws Exception {
    JsonObject flags = GroupsBench.listeners()
      .put("node", new JsonObject().put("name", name))
      .put("pubsub", new JsonObject().put("adapter", "redis").put("redis", new JsonObject().put("url", url)));
    return Multinode.start(ConfigLoader.load(Map.of(), null, flags), false).await(60, TimeUnit.SECONDS);
  }

  static double redisBenchmark(int port, String pipeline, String message) throws Exception {
    String out = sh("redis-benchmark", "-p", String.valueOf(port), "-n", "200000", "-P", pipeline, "-q",
      "PUBLISH", "bench", message);
    Matcher m = Pattern.compile("([0-9.]+) requests per second").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("redis-benchmark said: " + out);
    }
    return Double.parseDouble(m.group(1));
  }

  static String sh(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    process.waitFor(120, TimeUnit.SECONDS);
    return out;
  }
}
