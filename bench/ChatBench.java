import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Browser fan-out figures of multinode's chat beside Socket.IO 4 with @socket.io/redis-adapter and a real
 * redis-server, in one run, with the same load generator: WebSocket clients in this JVM, speaking each
 * server's protocol (multinode's bridge frames on {@code /eventbus/websocket}; Engine.IO 4 on
 * {@code /socket.io/}).
 * <ul>
 *   <li>5,000 clients in one room over 2 server processes; after warm-up messages until multinode's JIT
 *       compiler threads are quiet (at least 200, said as the measured ones are), 100 messages, one every
 *       100 ms: server CPU per delivered message (every server process, Redis included for Socket.IO), in
 *       the kernel and in user space, and of the latter what the servers spend as long with no message
 *       (measured just before, less multinode's JIT compiler threads) and what those threads spent in the
 *       same window;
 *       per message, the time until all 5,000 clients have it (p50, p99);</li>
 *   <li>9,000 idle clients on one server, joined to rooms of 100: heap per client after a full GC;</li>
 *   <li>capacity: 1,000 clients in one room over the 2 servers, messages said at 25, 50, 100, … per second,
 *       each rate for {@value #HOLD_SECONDS} s (multinode's through the operator API, at most 32 posts in
 *       flight; Socket.IO's over one WebSocket): the highest rate at which every client got every message, in
 *       the same order as every other client, with post → client p99 ≤ {@value #HELD_P99_MS} ms; and the
 *       server CPU per delivery at each rate tried. Then, in the same room with 1,000 new clients (the rate
 *       not held may have left the old ones closed as slow consumers), CPU per delivery at Socket.IO's
 *       capacity in a steady state: that rate for at least {@value #STEADY_WARMUP_SECONDS} s not counted, and
 *       on until multinode's JIT compiler threads are quiet (both servers' JITs are still compiling during the
 *       search), then {@value #HOLD_SECONDS} s counted; no
 *       figure unless every client got every message then.</li>
 * </ul>
 * usage (bench/run compiles it): {@code ChatBench <multinode.jar> <socketio peer dir> <results.json>}
 */
public class ChatBench {

  static final int CLIENTS = 5_000;
  static final int MESSAGES = 100;
  static final int IDLE_CLIENTS = 9_000;
  /**
   * Before the measured messages, rounds of this many, said as the measured ones are, go on until multinode's JIT
   * compiler threads are quiet ({@link GroupsBench#warmUntilJitQuiet}), at least {@value #WARMUP_MIN_ROUNDS} rounds and at
   * most {@value #WARMUP_MAX_ROUNDS}.
   */
  static final int WARMUP = 50;
  static final int WARMUP_MIN_ROUNDS = 4;
  static final int WARMUP_MAX_ROUNDS = 40;
  /** The capacity search: clients in the room, how long each rate is held, the rates tried (doubling). */
  static final int ROOM_CLIENTS = 1_000;
  static final int HOLD_SECONDS = 30;
  static final int[] RATES = {25, 50, 100, 200, 400, 800, 1600, 3200};
  /** A held rate delivers every message to every client, in the same order everywhere, post → client p99 within this. */
  static final long HELD_P99_MS = 250;
  /**
   * Before the steady-state CPU figure, the rate is said uncounted at least this long, and on until multinode's
   * JIT compiler threads are quiet, at most {@value #STEADY_WARMUP_MAX_SECONDS} s.
   */
  static final int STEADY_WARMUP_SECONDS = 60;
  static final int STEADY_WARMUP_MAX_SECONDS = 180;

  /** One server side: how its clients talk, and its processes. */
  interface Side extends AutoCloseable {
    String name();
    List<Long> pids();
    /** Connects one client to that server, joins the room; completes once joined. */
    CompletableFuture<WebSocket> join(WebSocketClient client, int server, String room, Consumer<String> frames);
    /** Says message {@code text} in the room through server 0. */
    void say(String text) throws Exception;
    /** Says message {@code text} in room {@code room} through server 0 without waiting for an answer; in order with the calls before it where the server allows. */
    void sayAsync(String room, String text);
    /** Heap in use on server 0 after a full GC, in bytes. */
    long heapAfterGc() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path socketio = Path.of(args[1]);
    Path results = Path.of(args[2]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    double[] multinode;
    double[] peer;
    try (Side side = new MultinodeSide(jar)) {
      multinode = measure(side, vertx);
    }
    try (Side side = new SocketIoSide(socketio)) {
      peer = measure(side, vertx);
    }
    Capacity peerCapacity;
    try (Side side = new SocketIoSide(socketio)) {
      peerCapacity = capacity(side, vertx, RATES, 0);
    }
    Capacity multinodeCapacity;
    try (Side side = new MultinodeSide(jar)) {
      multinodeCapacity = capacity(side, vertx, RATES, peerCapacity.held());
    }
    double[] floor = kernelFloor();
    List<String[]> rows = new ArrayList<>();
    rows.add(GroupsBench.row("server CPU per delivered message, 5,000 clients on 2 nodes (µs)", multinode[0], peer[0], "≤ 0.25× Socket.IO"));
    rows.add(GroupsBench.row("  of it in the kernel (µs)", multinode[4], peer[4], ""));
    rows.add(GroupsBench.row("  of it in user space (µs)", multinode[5], peer[5], "≤ 1.5"));
    rows.add(GroupsBench.row("    of that, spent as much with no message, the JIT's threads not counted (µs)", multinode[6], peer[6], ""));
    rows.add(GroupsBench.row("    of that, the JIT's compiler threads in the same window (µs)", multinode[7], null, ""));
    rows.add(GroupsBench.row("  floor: one plain write() per client, no server (µs)", floor[0], null, ""));
    rows.add(GroupsBench.row("    of it in user space (µs)", floor[1], null, ""));
    rows.add(GroupsBench.row("one message → 5,000 clients, all have it, p50 (ms)", multinode[1], peer[1], ""));
    rows.add(GroupsBench.row("one message → 5,000 clients, all have it, p99 (ms)", multinode[2], peer[2], "≤ 100"));
    rows.add(GroupsBench.row("heap per idle chat client, 9,000 on one node (KiB)", multinode[3], peer[3], "≤ 8"));
    rows.add(GroupsBench.row("capacity: messages/s into a room of 1,000 clients, held 30 s", (double) multinodeCapacity.held(),
      (double) peerCapacity.held(), "≥ 4× Socket.IO"));
    int peerRate = peerCapacity.held();
    rows.add(GroupsBench.row("  server CPU per delivery at Socket.IO's capacity, " + peerRate + "/s, during the search (µs)",
      multinodeCapacity.cpuAt(peerRate), peerCapacity.cpuAt(peerRate), ""));
    rows.add(GroupsBench.row("  the same, steady: after " + STEADY_WARMUP_SECONDS + " s or more at that rate, the JIT quiet (µs)",
      multinodeCapacity.steadyCpu(), peerCapacity.steadyCpu(), "≤ 0.25× Socket.IO"));
    System.out.printf("%n%-64s %12s %12s %8s  %s%n", "chat figure (peer: Socket.IO 4 + redis-adapter)", "multinode", "peer", "ratio", "target");
    rows.forEach(r -> System.out.printf(Locale.ROOT, "%-64s %12s %12s %8s  %s%n", (Object[]) r));
    Files.writeString(results, GroupsBench.json(rows).replace("\"groups\"", "\"chat\""));
    System.exit(0);
  }

  /** CPU µs per delivered message, fan-out p50 and p99 (ms), heap KiB per idle client. */
  static double[] measure(Side side, Vertx vertx) throws Exception {
    // a client per side: its connection count starts from zero
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(20_000)
      .setConnectTimeout(30_000));
    int numbers = MESSAGES + WARMUP * WARMUP_MAX_ROUNDS + 1;
    AtomicLongArray sent = new AtomicLongArray(numbers);
    AtomicLongArray allHave = new AtomicLongArray(numbers);
    AtomicInteger[] counts = new AtomicInteger[numbers];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new AtomicInteger();
    }
    Consumer<String> receiver = frame -> {
      int k = messageNumber(frame);
      if (k > 0 && counts[k].incrementAndGet() == CLIENTS) {
        allHave.set(k, System.nanoTime());
      }
    };
    List<WebSocket> sockets = connect(side, client, CLIENTS, i -> i % 2, i -> "bench", receiver);
    // the measured window starts once the servers' JITs are done with the delivery path, as the other
    // benchmarks' latency figures do (Node.js's warm-up is the minimum: see compilerPids); the warm-up
    // says its messages as the window does, so that fan-outs overlap in it as they do in the window
    AtomicInteger warmed = new AtomicInteger(MESSAGES);
    GroupsBench.warmUntilJitQuiet(side.name() + " fan-out", WARMUP_MIN_ROUNDS, WARMUP_MAX_ROUNDS, () -> {
      int first = warmed.get() + 1;
      sayPaced(side, sent, allHave, first, warmed.addAndGet(WARMUP));
    }, compilerPids(side));
    // what the servers spend with the clients connected and pinging but no message, over as long as the
    // messages take: the part of the figure below that no message costs
    System.out.printf(Locale.ROOT, "%s fan-out: no message from %s%n", side.name(), java.time.LocalTime.now());
    long[] idleBefore = cpu(side.pids());
    long idleJitBefore = GroupsBench.compilerNanos(compilerPids(side));
    Thread.sleep(MESSAGES * 100L);
    long[] idleAfter = cpu(side.pids());
    // the JIT's compiler threads are counted once, in the figure of their own below
    long idleJit = GroupsBench.compilerNanos(compilerPids(side)) - idleJitBefore;
    long[] cpuBefore = cpu(side.pids());
    long jitBefore = GroupsBench.compilerNanos(compilerPids(side));
    long windowStart = System.nanoTime();
    System.out.printf(Locale.ROOT, "%s fan-out: measured messages from %s%n", side.name(), java.time.LocalTime.now());
    sayPaced(side, sent, allHave, 1, MESSAGES);
    System.out.printf(Locale.ROOT, "%s fan-out: measured messages until %s%n", side.name(), java.time.LocalTime.now());
    long[] cpuAfter = cpu(side.pids());
    long jitAfter = GroupsBench.compilerNanos(compilerPids(side));
    double window = (System.nanoTime() - windowStart) / (MESSAGES * 100e6);
    List<Double> fanout = new ArrayList<>();
    for (int k = 1; k <= MESSAGES; k++) {
      fanout.add((allHave.get(k) - sent.get(k)) / 1e6);
    }
    Collections.sort(fanout);
    double cpuPerMessage = (cpuAfter[0] + cpuAfter[1] - cpuBefore[0] - cpuBefore[1]) / 1e3 / ((double) MESSAGES * CLIENTS);
    double kernelPerMessage = (cpuAfter[1] - cpuBefore[1]) / 1e3 / ((double) MESSAGES * CLIENTS);
    // the idle window scaled to the measured one (a little longer: the last message's fan-out)
    double idleUserPerMessage = window * (idleAfter[0] - idleBefore[0] - idleJit) / 1e3 / ((double) MESSAGES * CLIENTS);
    // NaN where the JIT's threads cannot be told apart (Node.js compiles on V8's shared workers)
    double jitPerMessage = side instanceof MultinodeSide ? (jitAfter - jitBefore) / 1e3 / ((double) MESSAGES * CLIENTS) : Double.NaN;
    close(sockets);

    long heapBefore = side.heapAfterGc();
    List<WebSocket> idle = connect(side, client, IDLE_CLIENTS, i -> 0, i -> "idle" + i / 100, frame -> { });
    long heapAfter = side.heapAfterGc();
    close(idle);
    client.close().await(30, TimeUnit.SECONDS);
    double heapPerClient = (heapAfter - heapBefore) / 1024.0 / IDLE_CLIENTS;
    double userPerMessage = cpuPerMessage - kernelPerMessage;
    System.out.printf(Locale.ROOT, "%s: cpu %.2f µs/delivery (kernel %.2f, user %.2f of which %.2f idle less its JIT, %.2f the JIT), fan-out p50 %.1f ms p99 %.1f ms, heap %.2f KiB/client%n",
      side.name(), cpuPerMessage, kernelPerMessage, userPerMessage, idleUserPerMessage, jitPerMessage, fanout.get(MESSAGES / 2),
      fanout.get((int) (MESSAGES * 0.99) - 1), heapPerClient);
    return new double[] {cpuPerMessage, fanout.get(MESSAGES / 2), fanout.get((int) (MESSAGES * 0.99) - 1), heapPerClient,
      kernelPerMessage, userPerMessage, idleUserPerMessage, jitPerMessage};
  }

  /** The highest rate held, the server CPU per delivery at each rate tried, and in a steady state. */
  record Capacity(int held, java.util.Map<Integer, Double> cpuPerDelivery, double steadyCpu) {
    double cpuAt(int rate) {
      return cpuPerDelivery.getOrDefault(rate, Double.NaN);
    }
  }

  /**
   * The highest of {@code rates} at which {@value #ROOM_CLIENTS} clients on the two servers get every
   * message said in one room for {@value #HOLD_SECONDS} s, each message once, in the same order at every
   * client, and post → client p99 ≤ {@value #HELD_P99_MS} ms. Rates are tried upwards until one is not
   * held and {@code alsoAt} (the peer's capacity, whose CPU per delivery is compared; 0 for none) was tried.
   * Then CPU per delivery in a steady state at {@code alsoAt}, or with none at the rate held.
   */
  static Capacity capacity(Side side, Vertx vertx, int[] rates, int alsoAt) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(20_000)
      .setConnectTimeout(30_000));
    Probe[] current = new Probe[1];
    java.util.function.BiConsumer<Integer, String> toProbe = (index, frame) -> {
      Probe probe = current[0];
      if (probe != null) {
        probe.received(index, frame);
      }
    };
    List<WebSocket> sockets = connect(side, client, ROOM_CLIENTS, i -> i % 2, i -> "capacity", toProbe);
    java.util.Map<Integer, Double> cpu = new java.util.TreeMap<>();
    double steadyCpu = Double.NaN;
    int held = 0;
    boolean holding = true;
    try {
      // warm-up: the servers' JITs and the clients' paths, not counted
      current[0] = new Probe(rates[0], 10);
      current[0].run(side);
      for (int rate : rates) {
        Probe probe = new Probe(rate, HOLD_SECONDS);
        current[0] = probe;
        boolean ok = probe.runCounted(side);
        cpu.put(rate, probe.cpuPerDelivery);
        holding &= ok;
        if (holding) {
          held = rate;
        } else if (rate >= alsoAt) {
          break;
        }
      }
      int steadyRate = alsoAt > 0 ? alsoAt : held;
      if (steadyRate > 0) {
        // new clients: the rate that was not held may have left the old ones closed as slow consumers
        current[0] = null;
        close(sockets);
        sockets = connect(side, client, ROOM_CLIENTS, i -> i % 2, i -> "capacity", toProbe);
        // uncounted, in rounds of 10 s, until multinode's JIT compiler threads are quiet, as before the fan-out
        GroupsBench.warmUntilJitQuiet(side.name() + " steady " + steadyRate + "/s", STEADY_WARMUP_SECONDS / 10,
          STEADY_WARMUP_MAX_SECONDS / 10, () -> {
            current[0] = new Probe(steadyRate, 10);
            current[0].run(side);
          }, compilerPids(side));
        Probe probe = new Probe(steadyRate, HOLD_SECONDS);
        current[0] = probe;
        probe.runCounted(side);
        // a figure only if every client got every message (a p99 over the bound still counts): CPU spent
        // on clients that got nothing is no figure
        if (probe.why().equals("all in order")) {
          steadyCpu = probe.cpuPerDelivery;
        }
      }
    } finally {
      current[0] = null;
      close(sockets);
      client.close().await(30, TimeUnit.SECONDS);
    }
    return new Capacity(held, cpu, steadyCpu);
  }

  /** One rate held for a while: what every client received, and when. */
  static final class Probe {
    final int rate;
    final int messages;
    final String tag = Integer.toString(new java.util.Random().nextInt(1 << 30), 36);
    final long[] sentAt;
    final java.util.concurrent.atomic.AtomicIntegerArray counts = new java.util.concurrent.atomic.AtomicIntegerArray(ROOM_CLIENTS);
    final java.util.concurrent.atomic.AtomicLongArray orders = new java.util.concurrent.atomic.AtomicLongArray(ROOM_CLIENTS);
    final java.util.concurrent.atomic.AtomicIntegerArray latencyMs = new java.util.concurrent.atomic.AtomicIntegerArray(60_001);
    final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    /** The servers' CPU µs per delivery over the last {@link #runCounted} run. */
    double cpuPerDelivery = Double.NaN;
    /** The messages client 0 got, to say which were missing. */
    final java.util.BitSet firstClient = new java.util.BitSet();

    Probe(int rate, int seconds) {
      this.rate = rate;
      this.messages = rate * seconds;
      this.sentAt = new long[messages + 1];
    }

    /** A frame for client {@code index}: a message of this probe is counted, its order hashed, its latency kept. */
    void received(int index, String frame) {
      int at = frame.indexOf(tag);
      if (at < 0) {
        return;
      }
      int k = messageNumber(frame);
      long sent = sentAt[k];
      int ms = sent == 0 ? 60_000 : (int) Math.min(60_000, (System.nanoTime() - sent) / 1_000_000);
      latencyMs.incrementAndGet(ms);
      counts.incrementAndGet(index);
      if (index == 0) {
        synchronized (firstClient) {
          firstClient.set(k);
        }
      }
      // a client's frames arrive on one thread: the read and the write of its hash do not race
      orders.set(index, orders.get(index) * 1_000_003 + k);
      delivered.incrementAndGet();
    }

    /**
     * {@link #run(Side)}, counting the servers' CPU meanwhile into {@link #cpuPerDelivery}, and a line
     * with what was held.
     */
    boolean runCounted(Side side) throws Exception {
      long[] before = cpu(side.pids());
      boolean ok = run(side);
      long[] after = cpu(side.pids());
      double deliveries = (double) delivered.get();
      cpuPerDelivery = (after[0] + after[1] - before[0] - before[1]) / 1e3 / Math.max(1, deliveries);
      System.out.printf(Locale.ROOT, "%s: %d messages/s for %d s: %s (p99 %d ms, %.0f of %d deliveries, %s; %.1f µs CPU per delivery)%n",
        side.name(), rate, messages / rate, ok ? "held" : "not held", p99Ms(), deliveries, (long) messages * ROOM_CLIENTS, why(),
        cpuPerDelivery);
      return ok;
    }

    /** Says the messages at the rate, then waits (at most 15 s) for the last deliveries; whether the rate was held. */
    boolean run(Side side) throws Exception {
      long interval = 1_000_000_000L / rate;
      long start = System.nanoTime();
      for (int k = 1; k <= messages; k++) {
        long due = start + (k - 1) * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        sentAt[k] = System.nanoTime();
        side.sayAsync("capacity", tag + " #" + k + "#");
      }
      long expected = (long) messages * ROOM_CLIENTS;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (delivered.get() < expected && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return why().equals("all in order") && p99Ms() <= HELD_P99_MS;
    }

    String why() {
      long expected = (long) messages * ROOM_CLIENTS;
      if (delivered.get() != expected) {
        int complete = 0;
        int none = 0;
        for (int i = 0; i < ROOM_CLIENTS; i++) {
          complete += counts.get(i) == messages ? 1 : 0;
          none += counts.get(i) == 0 ? 1 : 0;
        }
        int firstMissing;
        synchronized (firstClient) {
          firstMissing = firstClient.nextClearBit(1);
        }
        return "deliveries missing or doubled: " + complete + " clients got all, " + none + " none; client 0's first missing: "
          + (firstMissing > messages ? "none" : "#" + firstMissing);
      }
      for (int i = 0; i < ROOM_CLIENTS; i++) {
        if (counts.get(i) != messages) {
          return "client " + i + " got " + counts.get(i) + " of " + messages;
        }
        if (orders.get(i) != orders.get(0)) {
          return "client " + i + " got them in another order than client 0";
        }
      }
      return "all in order";
    }

    long p99Ms() {
      long total = 0;
      for (int ms = 0; ms < latencyMs.length(); ms++) {
        total += latencyMs.get(ms);
      }
      long rank = (long) Math.ceil(total * 0.99);
      long seen = 0;
      for (int ms = 0; ms < latencyMs.length(); ms++) {
        seen += latencyMs.get(ms);
        if (seen >= rank && total > 0) {
          return ms;
        }
      }
      return 60_000;
    }
  }

  /**
   * Says messages {@code first} to {@code last}, each a tenth of a second after the last one's answer, and
   * waits until every client has all of them.
   */
  static void sayPaced(Side side, AtomicLongArray sent, AtomicLongArray allHave, int first, int last) throws Exception {
    for (int k = first; k <= last; k++) {
      sent.set(k, System.nanoTime());
      side.say("bench message #" + k + "#");
      Thread.sleep(100);
    }
    GroupsBench.await(() -> java.util.stream.IntStream.rangeClosed(first, last).allMatch(k -> allHave.get(k) != 0));
  }

  /** {@code count} clients joined to the room, 100 connecting at a time. */
  static List<WebSocket> connect(Side side, WebSocketClient client, int count, java.util.function.IntUnaryOperator server,
                                 java.util.function.IntFunction<String> room, Consumer<String> frames) throws Exception {
    return connect(side, client, count, server, room, (i, frame) -> frames.accept(frame));
  }

  /** As above, each client's frames handed on with its index. */
  static List<WebSocket> connect(Side side, WebSocketClient client, int count, java.util.function.IntUnaryOperator server,
                                 java.util.function.IntFunction<String> room,
                                 java.util.function.BiConsumer<Integer, String> frames) throws Exception {
    List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
    for (int start = 0; start < count; start += 100) {
      List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 100); i++) {
        int index = i;
        batch.add(side.join(client, server.applyAsInt(i), room.apply(i), frame -> frames.accept(index, frame)));
      }
      CompletableFuture.allOf(batch.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
      batch.forEach(f -> sockets.add(f.join()));
    }
    return sockets;
  }

  static void close(List<WebSocket> sockets) throws Exception {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (WebSocket socket : sockets) {
      closing.add(socket.close().toCompletionStage().toCompletableFuture());
    }
    CompletableFuture.allOf(closing.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
  }

  /** The number between {@code #} signs in a message frame, or 0 (cheap: the harness shares the machine's CPUs). */
  static int messageNumber(String frame) {
    int start = frame.indexOf('#');
    int end = start < 0 ? -1 : frame.indexOf('#', start + 1);
    return end < 0 ? 0 : Integer.parseInt(frame, start + 1, end, 10);
  }

  /** The side's server processes, as {@link GroupsBench#compilerNanos} takes them. */
  static long[] pids(Side side) {
    return side.pids().stream().mapToLong(Long::longValue).toArray();
  }

  /** The processes whose JIT compiler threads a warm-up waits for: multinode's; none for Node.js (V8 compiles on shared workers). */
  static long[] compilerPids(Side side) {
    return side instanceof MultinodeSide ? pids(side) : new long[0];
  }

  /** CPU time used so far by these processes in user space and in the kernel, in ns (from /proc). */
  static long[] cpu(List<Long> pids) throws IOException {
    long[] ticks = new long[2];
    for (long pid : pids) {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks[0] += Long.parseLong(fields[11]);
      ticks[1] += Long.parseLong(fields[12]);
    }
    // USER_HZ is 100 on Linux
    return new long[] {ticks[0] * 10_000_000L, ticks[1] * 10_000_000L};
  }

  /**
   * The kernel's share that no server can avoid: CPU time of one thread writing a rec-sized frame with a
   * plain blocking {@code write()} to each of {@value #CLIENTS} loopback sockets, {@value #MESSAGES} times
   * (a reader thread drains the other ends). On loopback the sender's CPU also pays for the receiving
   * side's TCP work, as the servers' CPU does in the figures above. Its total, and of that its user-space
   * time: the system call's way in and out, and Java's NIO around it.
   */
  static double[] kernelFloor() throws Exception {
    byte[] frame = ("{\"type\":\"rec\",\"address\":\"multinode.chat.room.bench\",\"body\":{\"type\":\"message\","
      + "\"id\":\"" + UUID.randomUUID() + "\",\"room\":\"bench\",\"ts\":\"2026-01-01T00:00:00.000Z\",\"from\":\"bench\","
      + "\"node\":\"chat0@bench\",\"text\":\"bench message #1#\",\"system\":true,\"seq\":1}}").getBytes();
    List<SocketChannel> writers = new ArrayList<>();
    List<SocketChannel> readers = new ArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
         Selector selector = Selector.open()) {
      for (int i = 0; i < CLIENTS; i++) {
        SocketChannel reader = SocketChannel.open(server.getLocalAddress());
        writers.add(server.accept());
        reader.configureBlocking(false).register(selector, SelectionKey.OP_READ);
        readers.add(reader);
      }
      long expected = (long) frame.length * CLIENTS * MESSAGES;
      CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
        ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
        try {
          for (long read = 0; read < expected; ) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
              sink.clear();
              read += ((SocketChannel) key.channel()).read(sink);
            }
            selector.selectedKeys().clear();
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadCpuTime();
      long userBefore = threads.getCurrentThreadUserTime();
      for (int k = 0; k < MESSAGES; k++) {
        for (SocketChannel writer : writers) {
          writer.write(ByteBuffer.wrap(frame));
        }
      }
      long cpu = threads.getCurrentThreadCpuTime() - before;
      long user = threads.getCurrentThreadUserTime() - userBefore;
      drained.get(60, TimeUnit.SECONDS);
      return new double[] {cpu / 1e3 / ((double) MESSAGES * CLIENTS), user / 1e3 / ((double) MESSAGES * CLIENTS)};
    } finally {
      for (SocketChannel channel : writers) {
        channel.close();
      }
      for (SocketChannel channel : readers) {
        channel.close();
      }
    }
  }

  static Process start(ProcessBuilder builder, String ready) throws Exception {
    Process process = builder.redirectErrorStream(true).start();
    GroupsBench.awaitLine(process, ready);
    return process;
  }

  static String http(String method, String url, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    request = body == null ? request.GET() : request.method(method, HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Two multinode nodes (separate JVMs of the jar, static discovery on 127.0.0.1). */
  static final class MultinodeSide implements Side {

    private final List<Process> nodes = new ArrayList<>();
    /** The sockets are pinged in this many slices, one every 100 ms. */
    private static final int PING_SLICES = 40;
    private final int[] http = GroupsBench.freePorts(2);
    private final List<WebSocket> live = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.Semaphore posting = new java.util.concurrent.Semaphore(32);
    // pings every socket every 4 s, as the browser client does, so the nodes keep them past their idle
    // timeout; a fortieth of them every 100 ms, as browsers that opened the page at different times do (all
    // at once, the burst of pings held up the messages said just before it: they were the fan-out's slowest)
    private final java.util.concurrent.ScheduledExecutorService pinger =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pinger");
        thread.setDaemon(true);
        return thread;
      });

    MultinodeSide(Path jar) throws Exception {
      AtomicInteger ticks = new AtomicInteger();
      pinger.scheduleAtFixedRate(() -> {
        int slice = ticks.getAndIncrement() % PING_SLICES;
        if (slice == 0) {
          live.removeIf(WebSocket::isClosed);
        }
        for (int i = slice; i < live.size(); i += PING_SLICES) {
          live.get(i).writeTextMessage("{\"type\":\"ping\"}");
        }
      }, 100, 100, TimeUnit.MILLISECONDS);
      int[] hz = GroupsBench.freePorts(2);
      String cookie = "chatbench-" + UUID.randomUUID();
      for (int i = 0; i < 2; i++) {
        Process node = GroupsBench.jarNode(jar, "chat" + i + "@bench", cookie, "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1],
          hz[i], http[i], 1);
        GroupsBench.awaitLine(node, "READY");
        nodes.add(node);
      }
      GroupsBench.await(() -> http("GET", "http://127.0.0.1:" + GroupsBench.adminPort(http[0]) + "/api/nodes", null).contains("chat1@bench"));
    }

    public String name() {
      return "multinode";
    }

    public List<Long> pids() {
      return nodes.stream().map(Process::pid).toList();
    }


    public CompletableFuture<WebSocket> join(WebSocketClient client, int server, String room, Consumer<String> frames) {
      CompletableFuture<WebSocket> joined = new CompletableFuture<>();
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(http[server]).setURI("/eventbus/websocket"))
        .onFailure(joined::completeExceptionally)
        .onSuccess(ws -> {
          ws.textMessageHandler(text -> {
            if (!joined.isDone() && text.contains("\"address\":\"joined\"")) {
              joined.complete(ws);
            } else {
              frames.accept(text);
            }
          });
          ws.writeTextMessage("{\"type\":\"register\",\"address\":\"multinode.chat.room." + room + "\"}");
          ws.writeTextMessage("{\"type\":\"send\",\"address\":\"multinode.chat.requests\",\"replyAddress\":\"joined\","
            + "\"body\":{\"type\":\"join\",\"room\":\"" + room + "\",\"nick\":\"c" + UUID.randomUUID().toString().substring(0, 8) + "\"}}");
          live.add(ws);
        });
      return joined;
    }

    public void say(String text) throws Exception {
      http("POST", "http://127.0.0.1:" + GroupsBench.adminPort(http[0]) + "/api/chat/rooms/bench/messages", new JsonObject().put("text", text).encode());
    }

    /** Posts through the operator API with at most 32 posts in flight: the room orders them as they arrive. */
    public void sayAsync(String room, String text) {
      try {
        posting.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + GroupsBench.adminPort(http[0])
          + "/api/chat/rooms/" + room + "/messages"))
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", text).encode())).build();
      HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> posting.release());
    }

    public long heapAfterGc() throws Exception {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      String pid = String.valueOf(nodes.get(0).pid());
      new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
      Process info = new ProcessBuilder(jcmd, pid, "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(info.getInputStream().readAllBytes());
      Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(out);
      if (!used.find()) {
        throw new IllegalStateException("jcmd GC.heap_info said: " + out);
      }
      return Long.parseLong(used.group(1)) * 1024;
    }

    public void close() throws Exception {
      pinger.shutdownNow();
      for (Process node : nodes) {
        node.destroy();
        node.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Two Socket.IO servers sharing rooms through @socket.io/redis-adapter and a redis-server. */
  static final class SocketIoSide implements Side {

    private final Process redis;
    private final List<Process> servers = new ArrayList<>();
    private final int[] http = GroupsBench.freePorts(2);
    private WebSocket sender;
    private WebSocketClient senderClient;

    SocketIoSide(Path dir) throws Exception {
      int redisPort = GroupsBench.freePorts(1)[0];
      redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      GroupsBench.await(() -> PubSubBench.sh("redis-cli", "-p", String.valueOf(redisPort), "ping").contains("PONG"));
      for (int i = 0; i < 2; i++) {
        servers.add(start(new ProcessBuilder("node", "--expose-gc", "server.js", String.valueOf(http[i]),
          "redis://127.0.0.1:" + redisPort).directory(dir.toFile()), "READY"));
      }
    }

    public String name() {
      return "socket.io";
    }

    public List<Long> pids() {
      List<Long> pids = new ArrayList<>(servers.stream().map(Process::pid).toList());
      pids.add(redis.pid());
      return pids;
    }


    public CompletableFuture<WebSocket> join(WebSocketClient client, int server, String room, Consumer<String> frames) {
      CompletableFuture<WebSocket> joined = new CompletableFuture<>();
      ClientWebSocket ws = client.webSocket();
      engineIo(ws, () -> ws.writeTextMessage("420[\"join\",\"" + room + "\"]"), text -> {
        if (text.startsWith("430")) {
          joined.complete(ws);
        } else {
          frames.accept(text);
        }
      });
      ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(http[server])
          .setURI("/socket.io/?EIO=4&transport=websocket"))
        .onFailure(joined::completeExceptionally);
      return joined;
    }

    public void say(String text) throws Exception {
      if (sender == null) {
        sender = connectSender();
      }
      sender.writeTextMessage("42[\"say\",\"bench\"," + new JsonObject().put("text", text).encode() + "]");
    }

    /** One WebSocket carries every message, so the server emits them in the order said. */
    public void sayAsync(String room, String text) {
      if (sender == null) {
        try {
          sender = connectSender();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      sender.writeTextMessage("42[\"say\",\"" + room + "\"," + new JsonObject().put("text", text).encode() + "]");
    }

    private WebSocket connectSender() throws Exception {
      CompletableFuture<WebSocket> ready = new CompletableFuture<>();
      // kept in a field: Vert.x closes a client's connections once the client object is unreachable
      senderClient = Vertx.vertx().createWebSocketClient();
      ClientWebSocket ws = senderClient.webSocket();
      engineIo(ws, () -> ready.complete(ws), text -> { });
      ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(http[0])
        .setURI("/socket.io/?EIO=4&transport=websocket"));
      return ready.get(30, TimeUnit.SECONDS);
    }

    /**
     * The Engine.IO 4 handshake and heartbeat on a socket not yet connected (the server speaks first, so
     * the handler must be in place before): {@code connected} once the default namespace accepted it;
     * every other frame to {@code other}.
     */
    private static void engineIo(ClientWebSocket ws, Runnable connected, Consumer<String> other) {
      ws.textMessageHandler(text -> {
        if (text.equals("2")) {
          ws.writeTextMessage("3");
        } else if (text.startsWith("0")) {
          ws.writeTextMessage("40");
        } else if (text.startsWith("40")) {
          connected.run();
        } else {
          other.accept(text);
        }
      });
    }

    public long heapAfterGc() throws Exception {
      return new JsonObject(http("GET", "http://127.0.0.1:" + http[0] + "/heap", null)).getLong("heapUsed");
    }

    public void close() throws Exception {
      for (Process server : servers) {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
      }
      redis.destroy();
      redis.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
