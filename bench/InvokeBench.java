import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invoke figures of multinode beside Erlang's erpc and remote spawn, in one run.
 * <p>
 * Node A runs in this JVM; node B is a separate {@code java -jar multinode.jar} process, as Erlang's two
 * nodes are two OS processes. A calls B's built-in {@code echo} task (it returns its arguments) and
 * spawns B's {@code seq} task (it prints numbered lines). Every figure follows warm-up rounds; the call
 * p50 and p99 are the medians of five rounds' figures, on both sides.
 * <p>
 * usage (bench/run compiles it): {@code InvokeBench <dir of invoke_bench.beam> <multinode.jar> <results.json>}
 */
public class InvokeBench {

  static final JsonObject ARGS = new JsonObject().put("text", "hello, is anybody out there?");

  public static void main(String[] args) throws Exception {
    // erpc's figures before its latency rounds, which then alternate with multinode's
    ErlangPeer erlangPeer = ErlangPeer.paced(args[0], "ivbench_a", "invoke_bench");
    Path jar = Path.of(args[1]);
    Path results = Path.of(args[2]);

    List<String[]> rows = new ArrayList<>();
    double[] defaults = figures(jar, 1, erlangPeer);
    Map<String, Double> erlang = erlangPeer.finish();
    rows.add(GroupsBench.row("call A→B, 1 in flight, p50 (µs)", defaults[0], erlang.get("call_p50_us"), "≤ 1.0× erpc"));
    rows.add(GroupsBench.row("call A→B, 1 in flight, p99 (µs)", defaults[1], erlang.get("call_p99_us"), "≤ 1000"));
    rows.add(GroupsBench.row("calls/s A→B, 64 in flight", defaults[2], erlang.get("calls_per_s_64"), "≥ 1.0× erpc"));
    rows.add(GroupsBench.row("spawn output B→A, lines/s", defaults[3], erlang.get("output_lines_per_s"), "≥ 1.0× Erlang"));
    // the same with Vert.x's default of twice the cores in event loops (node.eventLoops 0): messages are
    // handed between threads on their way through each node
    double[] vertxDefault = figures(jar, 0, null);
    rows.add(GroupsBench.row("call p50 (µs), node.eventLoops 0 (2 × cores)", vertxDefault[0], erlang.get("call_p50_us"), ""));
    rows.add(GroupsBench.row("call p99 (µs), node.eventLoops 0 (2 × cores)", vertxDefault[1], erlang.get("call_p99_us"), ""));
    rows.add(GroupsBench.row("calls/s 64 in flight, node.eventLoops 0", vertxDefault[2], erlang.get("calls_per_s_64"), ""));
    rows.add(GroupsBench.row("spawn output lines/s, node.eventLoops 0", vertxDefault[3], erlang.get("output_lines_per_s"), ""));
    // code typed at a prompt: the tutorial's spawn of a fun printing node(), until its line is on A
    double[] eval = evalFigures(jar);
    rows.add(GroupsBench.row("spawn { println(node()) } → line on A, first (ms)", eval[0], erlang.get("fun_first_us") / 1000, ""));
    rows.add(GroupsBench.row("spawn { println(node()) } → line on A, warm p50 (ms)", eval[1], erlang.get("fun_p50_us") / 1000, "≤ 20"));
    rows.add(GroupsBench.row("spawn { println(node()) } → line on A, warm p99 (ms)", eval[2], erlang.get("fun_p99_us") / 1000, ""));
    System.out.printf("%n%-58s %12s %12s %8s  %s%n", "invoke figure", "multinode", "peer", "ratio", "target");
    rows.forEach(r -> System.out.printf(Locale.ROOT, "%-58s %12s %12s %8s  %s%n", (Object[]) r));
    Files.writeString(results, GroupsBench.json(rows).replace("\"groups\"", "\"invoke\""));
    System.exit(0);
  }

  /**
   * A fresh pair of nodes with {@code node.eventLoops} set to {@code eventLoops}: call p50 and p99 (µs),
   * calls/s with 64 in flight, output lines/s. With a {@code peer}, each latency round follows one of the
   * peer's, and the peer's other figures are taken after the rounds, before the throughputs.
   */
  static double[] figures(Path jar, int eventLoops, ErlangPeer peer) throws Exception {
    String cookie = "bench-" + UUID.randomUUID();
    int[] ports = GroupsBench.freePorts(3);
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    Multinode a = GroupsBench.start("a@bench", cookie, members, ports[0],
      new JsonObject().put("node", new JsonObject().put("eventLoops", eventLoops)));
    Process b = GroupsBench.jarNode(jar, "b@bench", cookie, members, ports[1], ports[2], eventLoops);
    try {
      GroupsBench.awaitLine(b, "READY");
      GroupsBench.await(() -> a.nodes().list().size() == 1);
      return figures(a, b.pid(), peer);
    } finally {
      a.close().await(30, TimeUnit.SECONDS);
      b.destroy();
      b.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A fresh pair, B running code sent to it: ms from {@code eval} of {@code println(node())} on A until
   * the line is in A's handler, for the first evaluation after B's READY, then p50 and p99 of 300 after
   * 500 of warm-up.
   */
  static double[] evalFigures(Path jar) throws Exception {
    String cookie = "bench-" + UUID.randomUUID();
    int[] ports = GroupsBench.freePorts(3);
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    Multinode a = GroupsBench.start("a@bench", cookie, members, ports[0]);
    Process b = GroupsBench.jarNode(jar, "b@bench", cookie, members, ports[1], ports[2], 1, 0,
      Map.of("MULTINODE_INVOKE_EVAL_ENABLED", "true", "MULTINODE_INVOKE_EVAL_ALLOW_WITHOUT_TLS", "true"));
    try {
      GroupsBench.awaitLine(b, "READY");
      GroupsBench.await(() -> a.nodes().list().size() == 1);
      double first = evalToLine(a);
      // warm-up, as for the other figures: the compiler in B is itself Java code that the JIT compiles
      for (int i = 0; i < 500; i++) {
        evalToLine(a);
      }
      List<Double> warm = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        warm.add(evalToLine(a));
      }
      Collections.sort(warm);
      return new double[] {first, warm.get(warm.size() / 2), warm.get((int) (warm.size() * 0.99))};
    } finally {
      a.close().await(30, TimeUnit.SECONDS);
      b.destroy();
      b.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** One evaluation of {@code println(node())} on B: ms until its line reached A. */
  static double evalToLine(Multinode a) throws Exception {
    CompletableFuture<Double> line = new CompletableFuture<>();
    long start = System.nanoTime();
    a.invoke().eval("b@bench", "println(node())", 10_000, printed -> {
      if (printed.equals("b@bench")) {
        line.complete((System.nanoTime() - start) / 1e6);
      } else {
        line.completeExceptionally(new IllegalStateException("B printed " + printed));
      }
    }).result().onFailure(line::completeExceptionally);
    return line.get(30, TimeUnit.SECONDS);
  }

  private static double[] figures(Multinode a, long bPid, ErlangPeer peer) throws Exception {
    GroupsBench.warmUntilJitQuiet("call latency", 4, 50, () -> latency(a, 10_000), ProcessHandle.current().pid(), bPid);
    double[] latency = GroupsBench.medianOfRounds("call latency", List.of("p50", "p99"), "µs", () -> {
      if (peer != null) {
        peer.round();
      }
      return latency(a, 10_000);
    });
    if (peer != null) {
      peer.finish();
    }
    for (int round = 0; round < 4; round++) {
      inFlight(a, 64, 100_000);
    }
    double calls = inFlight(a, 64, 200_000);
    for (int round = 0; round < 4; round++) {
      output(a, 500_000);
    }
    double lines = output(a, 1_000_000);
    return new double[] {latency[0], latency[1], calls, lines};
  }

  /** {@code n} calls one after the other from A's event loop; p50 and p99 of their round trips in µs. */
  static double[] latency(Multinode a, int n) throws Exception {
    List<Double> micros = Collections.synchronizedList(new ArrayList<>(n));
    CompletableFuture<Void> done = new CompletableFuture<>();
    a.vertx().runOnContext(v -> callInTurn(a, n, micros, done));
    done.get(120, TimeUnit.SECONDS);
    List<Double> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    return new double[] {sorted.get(n / 2), sorted.get((int) (n * 0.99))};
  }

  static void callInTurn(Multinode a, int left, List<Double> micros, CompletableFuture<Void> done) {
    if (left == 0) {
      done.complete(null);
      return;
    }
    long start = System.nanoTime();
    a.invoke().call("b@bench", "echo", ARGS, 5000).onComplete(ar -> {
      if (ar.failed()) {
        done.completeExceptionally(ar.cause());
        return;
      }
      micros.add((System.nanoTime() - start) / 1e3);
      callInTurn(a, left - 1, micros, done);
    });
  }

  /** {@code k} callers on A's event loop, each with one call in flight, until {@code n} are done; calls/s. */
  static double inFlight(Multinode a, int k, int n) throws Exception {
    AtomicLong started = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    CompletableFuture<Long> done = new CompletableFuture<>();
    long start = System.nanoTime();
    a.vertx().runOnContext(v -> {
      for (int i = 0; i < k; i++) {
        keepCalling(a, n, started, finished, done);
      }
    });
    return n / ((done.get(120, TimeUnit.SECONDS) - start) / 1e9);
  }

  static void keepCalling(Multinode a, int n, AtomicLong started, AtomicLong finished, CompletableFuture<Long> done) {
    if (started.incrementAndGet() > n) {
      return;
    }
    Future<Object> call = a.invoke().call("b@bench", "echo", ARGS, 5000);
    call.onComplete(ar -> {
      if (ar.failed()) {
        done.completeExceptionally(ar.cause());
      } else if (finished.incrementAndGet() == n) {
        done.complete(System.nanoTime());
      } else {
        keepCalling(a, n, started, finished, done);
      }
    });
  }

  /** A spawns {@code seq} on B; lines/s reaching A's handler until the result. */
  static double output(Multinode a, int count) throws Exception {
    AtomicLong lines = new AtomicLong();
    long start = System.nanoTime();
    CompletableFuture<Long> done = new CompletableFuture<>();
    a.vertx().runOnContext(v -> a.invoke().spawn("b@bench", "seq", new JsonObject().put("count", count), line -> lines.incrementAndGet())
      .result().onComplete(ar -> {
        if (ar.failed() || lines.get() != count) {
          done.completeExceptionally(new IllegalStateException("seq ended with " + lines.get() + " lines: " + ar));
        } else {
          done.complete(System.nanoTime());
        }
      }));
    return count / ((done.get(120, TimeUnit.SECONDS) - start) / 1e9);
  }
}
