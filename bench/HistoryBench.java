import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import multinode.Multinode;
import multinode.chat.ChatSession;
import multinode.chat.history.PostgresRoomLog;
import multinode.chat.history.RedisRoomLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Chat history figures for each store, in one run: posts per second into one room through two nodes,
 * and at a fixed 1,000 posts/s the time from a post to its acknowledgement and to its delivery on the
 * other node (p50, p99). Beside each, a floor measured in the same run from a plain client loop, with
 * no node in between:
 * <ul>
 *   <li>{@code redis}: the commands the nodes send, the store's own Lua script and a PUBLISH of the batch;
 *       {@code postgres}: the store's own SQL statement, on a pipelined {@code vertx-pg-client};
 *       {@code cluster}: an entry processor that carries the drafts and only counts them, on a Hazelcast
 *       map with one backup, between the same two members;</li>
 *   <li>for throughput, as the nodes send them: 256 messages per call, one call in flight per node (a
 *       second row gives one message per call, 512 in flight, as a store without batching would);</li>
 *   <li>for latency, one message per call, 1,000 calls/s.</li>
 * </ul>
 * The nodes run in this JVM: for {@code cluster}, two clustered nodes; for {@code redis}, two nodes that
 * are not clustered and share a {@code redis-server} (started here); for {@code postgres}, two clustered
 * nodes and a PostgreSQL server (started here with its defaults: every commit is flushed to disk).
 * <p>
 * usage (bench/run compiles it): {@code HistoryBench <postgres bin dir> <results.json> [cluster,redis,postgres]}
 */
public class HistoryBench {

  /** Posts in flight per node, as many users posting at once. */
  static final int WINDOW = 256;
  /** The most messages a node appends in one call (the chat's batch). */
  static final int BATCH = 256;
  static final String TEXT = "hello, is anybody out there?";

  /** A store as a plain client uses it: one call appends this many messages. */
  interface Floor extends AutoCloseable {
    Future<Void> append(int messages);
  }

  interface Nodes {
    List<Multinode> start() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path postgresBin = Path.of(args[0]);
    Path results = Path.of(args[1]);
    List<String> stores = List.of((args.length > 2 ? args[2] : "cluster,redis,postgres").split(","));
    List<String[]> rows = new ArrayList<>();
    String cookie = "bench-" + UUID.randomUUID();
    int[] hz = GroupsBench.freePorts(4);

    if (stores.contains("cluster")) {
      String members = "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1];
      figures(rows, "cluster", () -> List.of(GroupsBench.start("a@history", cookie, members, hz[0]),
        GroupsBench.start("b@history", cookie, members, hz[1])), HistoryBench::hazelcastFloor, 0);
    }
    if (stores.contains("redis")) {
      int port = GroupsBench.freePorts(1)[0];
      Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        String url = "redis://127.0.0.1:" + port;
        GroupsBench.await(() -> PubSubBench.sh("redis-cli", "-p", String.valueOf(port), "ping").contains("PONG"));
        figures(rows, "redis", () -> List.of(PubSubBench.redisNode("ra@history", url), PubSubBench.redisNode("rb@history", url)),
          nodes -> redisFloor(url), redis.pid());
      } finally {
        redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (stores.contains("postgres")) {
      try (Postgres postgres = new Postgres(postgresBin)) {
        String members = "127.0.0.1:" + hz[2] + ",127.0.0.1:" + hz[3];
        JsonObject store = new JsonObject().put("chat", new JsonObject().put("history", new JsonObject().put("store", "postgres")
          .put("postgres", new JsonObject().put("url", postgres.url()))));
        figures(rows, "postgres", () -> List.of(GroupsBench.start("pa@history", cookie, members, hz[2], store),
          GroupsBench.start("pb@history", cookie, members, hz[3], store)), nodes -> postgresFloor(postgres.url()), postgres.pid());
      }
    }

    System.out.printf("%n%-64s %12s %12s %8s  %s%n", "history figure", "multinode", "floor", "ratio", "target");
    rows.forEach(r -> System.out.printf(Locale.ROOT, "%-64s %12s %12s %8s  %s%n", (Object[]) r));
    Files.writeString(results, json(rows));
  }

  interface FloorFactory {
    Floor open(List<Multinode> nodes) throws Exception;
  }

  /** CPU time, in seconds, of a process and its children (a server's worker processes). */
  static double cpuSeconds(long pid) {
    double ticks = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(proc.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long self = Long.parseLong(proc.getFileName().toString());
          if (self == pid || Long.parseLong(fields[1]) == pid) {
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (Exception gone) {
          // the process ended meanwhile
        }
      }
    } catch (Exception e) {
      return Double.NaN;
    }
    return ticks / 100.0;
  }

  /** Cores this JVM and the server process kept busy while {@code work} ran. */
  static double[] cores(long serverPid, Callable<Double> work, double[] result) throws Exception {
    long self = ProcessHandle.current().pid();
    double jvm = cpuSeconds(self);
    double server = serverPid == 0 ? 0 : cpuSeconds(serverPid);
    long start = System.nanoTime();
    result[0] = work.call();
    double wall = (System.nanoTime() - start) / 1e9;
    return new double[] {(cpuSeconds(self) - jvm) / wall, serverPid == 0 ? 0 : (cpuSeconds(serverPid) - server) / wall};
  }

  /** The store's rows: throughput and latencies, each beside its floor. */
  static void figures(List<String[]> rows, String store, Nodes start, FloorFactory floors, long serverPid) throws Exception {
    List<Multinode> nodes = start.start();
    double posts;
    double[] latency;
    double batched;
    double single;
    double[] floorLatency;
    double[] nodeCores;
    double[] floorCores;
    try (Floor floor = floors.open(nodes)) {
      Vertx vertx = nodes.get(0).vertx();
      // warm-up rounds let the JIT finish with each path: the figures are a running node's. The node and
      // its floor take turns, so that neither meets the other's aftermath (a checkpoint, a collection) more often
      for (int round = 0; round < 3; round++) {
        throughput(nodes, 3);
        loop(vertx, () -> floor.append(BATCH), 2, 3);
      }
      double[] measured = new double[1];
      nodeCores = cores(serverPid, () -> throughput(nodes, 5), measured);
      posts = measured[0];
      floorCores = cores(serverPid, () -> loop(vertx, () -> floor.append(BATCH), 2, 5), measured);
      batched = BATCH * measured[0];
      loop(vertx, () -> floor.append(1), 2 * WINDOW, 3);
      single = loop(vertx, () -> floor.append(1), 2 * WINDOW, 5);
      for (int round = 0; round < 3; round++) {
        latency(nodes, 3);
        paced(vertx, i -> floor.append(1), 3);
      }
      latency = latency(nodes, 5);
      floorLatency = paced(vertx, i -> floor.append(1), 5);
    } finally {
      for (Multinode node : nodes) {
        node.close().await(30, TimeUnit.SECONDS);
      }
    }
    String target = store.equals("cluster") ? "≥ 50000" : "≥ 0.7× floor";
    rows.add(GroupsBench.row(store + ": posts/s into one room through 2 nodes", posts, batched, target));
    rows.add(GroupsBench.row(store + ": … floor with one message per call, 512 in flight", single, null, ""));
    rows.add(GroupsBench.row(store + ": … cores busy in the nodes' JVM while posting", nodeCores[0], floorCores[0], "(floor: the client)"));
    if (serverPid != 0) {
      rows.add(GroupsBench.row(store + ": … cores busy in the server while posting", nodeCores[1], floorCores[1], ""));
    }
    rows.add(GroupsBench.row(store + ": at 1,000 posts/s, post → acknowledged p50 (ms)", latency[0], floorLatency[0], ""));
    rows.add(GroupsBench.row(store + ": at 1,000 posts/s, post → acknowledged p99 (ms)", latency[1], floorLatency[1], "≤ 5"));
    rows.add(GroupsBench.row(store + ": at 1,000 posts/s, post → delivered on the other node p50 (ms)", latency[2], null, ""));
    rows.add(GroupsBench.row(store + ": at 1,000 posts/s, post → delivered on the other node p99 (ms)", latency[3], null, "≤ 5"));
  }

  /** Posts into one room from both nodes, {@link #WINDOW} in flight on each, for {@code seconds}: posts/s. */
  static double throughput(List<Multinode> nodes, int seconds) throws Exception {
    String room = "t" + UUID.randomUUID().toString().substring(0, 8);
    List<Future<Long>> counts = new ArrayList<>();
    long start = System.nanoTime();
    for (Multinode node : nodes) {
      counts.add(keepInFlight(node.vertx(), () -> node.chat().post(room, "bench", TEXT).mapEmpty(), WINDOW, seconds));
    }
    long done = 0;
    for (Future<Long> count : counts) {
      done += count.await(seconds + 60L, TimeUnit.SECONDS);
    }
    return done / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * 1,000 posts/s for {@code seconds}, alternating between the nodes, each from one of 50 users; a session
   * on the last node is in the room. Returns post → acknowledged p50, p99 and post → delivered p50, p99, in ms.
   */
  static double[] latency(List<Multinode> nodes, int seconds) throws Exception {
    String room = "l" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Double> delivered = Collections.synchronizedList(new ArrayList<>());
    ChatSession listener = nodes.get(nodes.size() - 1).chat().open((address, event) -> {
      Long at = event.getString("text") == null ? null : sentAt.get(event.getString("text"));
      if (at != null) {
        delivered.add((System.nanoTime() - at) / 1e6);
      }
    });
    listener.join(room, "reader", null, null).await(30, TimeUnit.SECONDS);
    double[] acknowledged = paced(nodes.get(0).vertx(), i -> {
      String text = TEXT + " " + i;
      sentAt.put(text, System.nanoTime());
      return nodes.get(i % nodes.size()).chat().post(room, "user" + (i % 50), text).mapEmpty();
    }, seconds);
    GroupsBench.await(() -> delivered.size() >= seconds * 1000);
    listener.close();
    return new double[] {acknowledged[0], acknowledged[1], percentile(delivered, 50), percentile(delivered, 99)};
  }

  /** {@code call(i)} 1,000 times a second for {@code seconds}: the p50 and p99 of its completion, in ms. */
  static double[] paced(Vertx vertx, IntFunction<Future<Void>> call, int seconds) throws Exception {
    int total = seconds * 1000;
    List<Double> took = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> sent = new CompletableFuture<>();
    AtomicInteger n = new AtomicInteger();
    vertx.setPeriodic(1, id -> {
      int i = n.getAndIncrement();
      if (i >= total) {
        vertx.cancelTimer(id);
        sent.complete(null);
        return;
      }
      long start = System.nanoTime();
      call.apply(i).onSuccess(v -> took.add((System.nanoTime() - start) / 1e6));
    });
    sent.get(seconds * 3L + 30, TimeUnit.SECONDS);
    GroupsBench.await(() -> took.size() >= total);
    return new double[] {percentile(took, 50), percentile(took, 99)};
  }

  /** Keeps {@code inFlight} calls going for {@code seconds}: calls/s. */
  static double loop(Vertx vertx, Supplier<Future<Void>> call, int inFlight, int seconds) throws Exception {
    long start = System.nanoTime();
    long done = keepInFlight(vertx, call, inFlight, seconds).await(seconds + 60L, TimeUnit.SECONDS);
    return done / ((System.nanoTime() - start) / 1e9);
  }

  /** {@code inFlight} calls at a time on the instance's context, for {@code seconds}; completes with how many completed. */
  static Future<Long> keepInFlight(Vertx vertx, Supplier<Future<Void>> call, int inFlight, int seconds) {
    AtomicLong done = new AtomicLong();
    AtomicInteger running = new AtomicInteger();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Promise<Long> drained = Promise.promise();
    vertx.runOnContext(v -> {
      for (int i = 0; i < inFlight; i++) {
        next(call, running, done, end, drained);
      }
    });
    return drained.future();
  }

  private static void next(Supplier<Future<Void>> call, AtomicInteger running, AtomicLong done, long end, Promise<Long> drained) {
    running.incrementAndGet();
    call.get().onComplete(ar -> {
      if (ar.failed()) {
        drained.tryFail(ar.cause());
        return;
      }
      done.incrementAndGet();
      if (running.decrementAndGet() == 0 && System.nanoTime() >= end) {
        drained.tryComplete(done.get());
      } else if (System.nanoTime() < end) {
        next(call, running, done, end, drained);
      }
    });
  }

  /**
   * An entry processor that carries the drafts (as the store's does) and only counts them, on a map with
   * one backup, between the nodes' own Hazelcast members.
   */
  static Floor hazelcastFloor(List<Multinode> nodes) {
    HazelcastInstance hazelcast = ((HazelcastClusterManager) ((VertxInternal) nodes.get(0).vertx()).clusterManager())
      .getHazelcastInstance();
    IMap<String, Long> map = hazelcast.getMap("history-bench-floor");
    String key = "f" + UUID.randomUUID();
    Vertx vertx = nodes.get(0).vertx();
    return new Floor() {
      @Override
      public Future<Void> append(int messages) {
        String[] drafts = new String[messages];
        for (int i = 0; i < messages; i++) {
          drafts[i] = draft().encode();
        }
        EntryProcessor<String, Long, Long> add = entry -> {
          entry.setValue((entry.getValue() == null ? 0 : entry.getValue()) + drafts.length);
          return entry.getValue();
        };
        return Future.fromCompletionStage(map.submitToKey(key, add), vertx.getOrCreateContext()).mapEmpty();
      }

      @Override
      public void close() {
        map.destroy();
      }
    };
  }

  /** The commands the nodes send Redis for a batch: the store's append script, then one PUBLISH of the batch. */
  static Floor redisFloor(String url) throws Exception {
    Vertx vertx = Vertx.vertx();
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(4096));
    String sha = client.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(RedisRoomLog.APPEND)).await(30, TimeUnit.SECONDS).toString();
    String room = "f" + UUID.randomUUID().toString().substring(0, 8);
    return new Floor() {
      @Override
      public Future<Void> append(int messages) {
        Request script = Request.cmd(Command.EVALSHA).arg(sha).arg(2).arg("multinode:chat:{" + room + "}:head")
          .arg("multinode:chat:{" + room + "}:messages").arg("0123456789abcdef").arg(1000);
        StringBuilder batch = new StringBuilder("{\"from\":\"floor@bench\",\"topic\":\"multinode.chat.room." + room + "\",\"messages\":[");
        for (int i = 0; i < messages; i++) {
          String draft = draft().encode();
          script.arg(draft);
          batch.append(i == 0 ? "" : ",").append("{\"body\":").append(draft).append("}");
        }
        Request publish = Request.cmd(Command.PUBLISH).arg("multinode:topic:multinode.chat.room." + room).arg(batch.append("]}").toString());
        return client.send(script).compose(v -> client.send(publish)).mapEmpty();
      }

      @Override
      public void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    };
  }

  /** The postgres store's append statement, on a pipelined client as the store's. */
  static Floor postgresFloor(String url) {
    Vertx vertx = Vertx.vertx();
    SqlClient client = PgBuilder.client().with(new PoolOptions().setMaxSize(4)).connectingTo(PgConnectOptions.fromUri(url))
      .using(vertx).build();
    String room = "f" + UUID.randomUUID().toString().substring(0, 8);
    return new Floor() {
      @Override
      public Future<Void> append(int messages) {
        UUID[] ids = new UUID[messages];
        OffsetDateTime[] times = new OffsetDateTime[messages];
        String[] senders = new String[messages];
        String[] nodes = new String[messages];
        String[] texts = new String[messages];
        Boolean[] system = new Boolean[messages];
        for (int i = 0; i < messages; i++) {
          ids[i] = UUID.randomUUID();
          times[i] = OffsetDateTime.now(ZoneOffset.UTC);
          senders[i] = "bench";
          nodes[i] = "floor@bench";
          texts[i] = TEXT;
          system[i] = false;
        }
        return client.preparedQuery(PostgresRoomLog.APPEND)
          .execute(Tuple.of(room, "0123456789abcdef", messages, ids, times, senders, nodes, texts, system)).mapEmpty();
      }

      @Override
      public void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    };
  }

  /** A draft as the chat makes it. */
  static JsonObject draft() {
    return new JsonObject().put("type", "message").put("id", UUID.randomUUID().toString()).put("room", "floor")
      .put("ts", Instant.now().toString()).put("from", "bench").put("node", "floor@bench").put("text", TEXT);
  }

  static double percentile(List<Double> values, int p) {
    List<Double> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  static String json(List<String[]> rows) {
    return json("history", rows);
  }

  /** The rows as the results file of the named benchmark. */
  static String json(String benchmark, List<String[]> rows) {
    StringBuilder out = new StringBuilder("{\"benchmark\": \"" + benchmark + "\", \"when\": \"" + Instant.now() + "\", \"figures\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      out.append(String.format("  {\"figure\": \"%s\", \"multinode\": %s, \"floor\": %s, \"ratio\": %s, \"target\": \"%s\"}%s%n",
        r[0], r[1], r[2].equals("n/a") ? "null" : r[2], r[3].equals("-") ? "null" : r[3], r[4], i + 1 < rows.size() ? "," : ""));
    }
    return out.append("]}\n").toString();
  }

  /** A PostgreSQL server with its defaults, in a temporary directory, on a free port (as the postgres user under root). */
  static final class Postgres implements AutoCloseable {
    private final Path dir = Files.createTempDirectory("history-bench-pg");
    private final int port = GroupsBench.freePorts(1)[0];
    private final Process server;

    Postgres(Path bin) throws Exception {
      boolean root = "root".equals(System.getProperty("user.name"));
      List<String> as = root ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--") : List.of();
      if (root) {
        PubSubBench.sh("chown", "postgres", dir.toString());
      }
      List<String> init = new ArrayList<>(as);
      init.addAll(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
        "--auth=trust", "--no-sync"));
      PubSubBench.sh(init.toArray(String[]::new));
      List<String> run = new ArrayList<>(as);
      run.addAll(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(), "-p", String.valueOf(port),
        "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1"));
      server = new ProcessBuilder(run).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
      GroupsBench.await(() -> PubSubBench.sh(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port))
        .contains("accepting connections"));
    }

    String url() {
      return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    /** The postmaster's pid: the server's backends are its children. */
    long pid() {
      return server.pid();
    }

    @Override
    public void close() throws Exception {
      PubSubBench.sh("kill", "-INT", String.valueOf(server.pid()));
      server.waitFor(30, TimeUnit.SECONDS);
      PubSubBench.sh("rm", "-rf", dir.toString());
    }
  }
}
