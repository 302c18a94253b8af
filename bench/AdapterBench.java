import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import multinode.Multinode;
import multinode.config.ConfigLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PubSub figures for the adapters through a server, in one run: messages per second from one publisher on
 * node A to a subscriber on node B (small chat JSON, 256 broadcasts in flight), and the latency A → B at a
 * steady 1,000 messages/s (p50, p99). The nodes are not clustered and run in this JVM; each server is
 * started here (PostgreSQL with its defaults, so every commit is flushed to disk; RabbitMQ; Mosquitto).
 * <p>
 * The floor beside each is the same server driven by a plain client loop with the same library and the
 * same batching, with no node in between: for PostgreSQL a pipelined {@code pg_notify} of the batch and a
 * LISTEN connection; for RabbitMQ persistent messages with publisher confirms to a queue and a consumer;
 * for MQTT QoS 1 publish and subscribe. Throughput floors send 256 messages per server message, as the
 * adapters do under this load (64 for PostgreSQL: what fits in one NOTIFY, as the adapter splits its
 * batches); latency floors one message per server message. The floors keep the nodes' window too: at most 256
 * messages unacknowledged. Both sides' throughput follows rounds of the same until the JIT is quiet (at
 * most {@value #WARMUP_MAX_ROUNDS}), as the other benchmarks' figures do, and is the median of
 * {@value GroupsBench#MEASURED_ROUNDS} rounds after it: measured cold, the nodes and the floors each ran
 * at a fraction of their later speed, and the ratio moved with how far each had got.
 * <p>
 * usage (bench/run compiles it): {@code AdapterBench <postgres bin dir> <results.json> [postgres,rabbitmq,mqtt]}
 */
public class AdapterBench {

  static final int MESSAGES = 20_000;
  static final int WINDOW = 256;
  /** Throughput rounds before the measured ones: at least these, and on until the JIT is quiet, at most the other. */
  static final int WARMUP_MIN_ROUNDS = 3;
  static final int WARMUP_MAX_ROUNDS = 20;
  static final JsonObject CHAT = new JsonObject().put("type", "message").put("room", "lobby").put("from", "alice")
    .put("text", "hello, is anybody out there?");

  /** A plain client pair: {@code send} one server message carrying {@code batch} messages; {@code received} counts them. */
  interface Floor extends AutoCloseable {
    Future<Void> send(int batch, long sentNanos);

    /** The most messages one server message carries: what fits in one NOTIFY, else {@value #WINDOW}. */
    default int batch() {
      return WINDOW;
    }

    long received();

    /** Send-to-receive times of single messages so far, in ms. */
    List<Double> latencies();
  }

  public static void main(String[] args) throws Exception {
    Path postgresBin = Path.of(args[0]);
    Path results = Path.of(args[1]);
    List<String> adapters = List.of((args.length > 2 ? args[2] : "postgres,rabbitmq,mqtt").split(","));
    List<String[]> rows = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      if (adapters.contains("postgres")) {
        try (HistoryBench.Postgres postgres = new HistoryBench.Postgres(postgresBin)) {
          figures(rows, "postgres", new JsonObject().put("adapter", "postgres").put("postgres", new JsonObject().put("url", postgres.url())),
            () -> postgresFloor(vertx, postgres.url()));
        }
      }
      if (adapters.contains("rabbitmq")) {
        try (Broker rabbit = Broker.rabbitmq()) {
          figures(rows, "rabbitmq", new JsonObject().put("adapter", "rabbitmq").put("rabbitmq", new JsonObject().put("url", rabbit.url)),
            () -> rabbitFloor(vertx, rabbit.url));
        }
      }
      if (adapters.contains("mqtt")) {
        try (Broker mosquitto = Broker.mosquitto()) {
          figures(rows, "mqtt", new JsonObject().put("adapter", "mqtt").put("mqtt", new JsonObject().put("url", mosquitto.url)),
            () -> mqttFloor(vertx, mosquitto.url));
        }
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    System.out.printf("%n%-64s %12s %12s %8s  %s%n", "adapter figure", "multinode", "floor", "ratio", "target");
    rows.forEach(r -> System.out.printf(Locale.ROOT, "%-64s %12s %12s %8s  %s%n", (Object[]) r));
    Files.writeString(results, HistoryBench.json("adapters", rows));
  }

  interface FloorFactory {
    Floor open() throws Exception;
  }

  static void figures(List<String[]> rows, String adapter, JsonObject pubsub, FloorFactory floors) throws Exception {
    Multinode a = node("a@" + adapter, pubsub);
    Multinode b = node("b@" + adapter, pubsub);
    double throughput;
    double[] latency;
    try {
      throughput = throughput(a, b, adapter);
      latency = latency(a, b);
    } finally {
      a.close().await(30, TimeUnit.SECONDS);
      b.close().await(30, TimeUnit.SECONDS);
    }
    double floorThroughput;
    double[] floorLatency;
    try (Floor floor = floors.open()) {
      floorThroughput = floorThroughput(floor, adapter);
    }
    try (Floor floor = floors.open()) {
      floorLatency = floorLatency(floor);
    }
    rows.add(GroupsBench.row(adapter + ": messages/s A → B, one publisher", throughput, floorThroughput, "≥ 0.7×"));
    rows.add(GroupsBench.row(adapter + ": at 1,000 msgs/s, A → B p50 (ms)", latency[0], floorLatency[0], ""));
    rows.add(GroupsBench.row(adapter + ": at 1,000 msgs/s, A → B p99 (ms)", latency[1], floorLatency[1], "≤ 5"));
  }

  static Multinode node(String name, JsonObject pubsub) throws Exception {
    JsonObject flags = GroupsBench.listeners()
      .put("node", new JsonObject().put("name", name))
      .put("pubsub", pubsub);
    return Multinode.start(ConfigLoader.load(Map.of(), null, flags), false).await(90, TimeUnit.SECONDS);
  }

  /**
   * {@value #MESSAGES} broadcasts, {@value #WINDOW} in flight, until B has them all: messages per second,
   * after rounds of the same until the JIT is done with the path (through MQTT, nodes seconds old ran
   * the first round at a fifth of the speed of the fifteenth).
   */
  static double throughput(Multinode a, Multinode b, String adapter) throws Exception {
    String topic = "bench-" + System.nanoTime();
    AtomicLong received = new AtomicLong();
    b.pubSub().subscribe(topic, m -> received.incrementAndGet()).await(30, TimeUnit.SECONDS);
    GroupsBench.warmUntilJitQuiet(adapter + " throughput", WARMUP_MIN_ROUNDS, WARMUP_MAX_ROUNDS,
      () -> throughputRound(a, topic, received), ProcessHandle.current().pid());
    return medianRate(adapter + " throughput", () -> throughputRound(a, topic, received));
  }

  /** The median of {@value GroupsBench#MEASURED_ROUNDS} rounds' rates after the warm-up, each printed. */
  static double medianRate(String what, Callable<Double> round) throws Exception {
    return GroupsBench.medianOfRounds(what, List.of("rate"), "messages/s", () -> new double[] {round.call()})[0];
  }

  static double throughputRound(Multinode a, String topic, AtomicLong received) throws Exception {
    received.set(0);
    long start = System.nanoTime();
    window(a, topic, MESSAGES);
    GroupsBench.await(() -> received.get() >= MESSAGES);
    return MESSAGES / ((System.nanoTime() - start) / 1e9);
  }

  static void window(Multinode a, String topic, int count) throws Exception {
    Promise<Void> done = Promise.promise();
    AtomicLong sent = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    a.vertx().runOnContext(v -> {
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        while (sent.get() < count && sent.get() - answered.get() < WINDOW) {
          sent.incrementAndGet();
          a.pubSub().broadcast(topic, CHAT).onComplete(ar -> {
            if (answered.incrementAndGet() == count) {
              done.tryComplete();
            } else {
              next[0].run();
            }
          });
        }
      };
      next[0].run();
    });
    done.future().await(120, TimeUnit.SECONDS);
  }

  /** 1,000 broadcasts a second for 5 s, each stamped with its time: p50 and p99 of its arrival on B, in ms. */
  static double[] latency(Multinode a, Multinode b) throws Exception {
    String topic = "latency-" + System.nanoTime();
    List<Double> took = Collections.synchronizedList(new ArrayList<>());
    b.pubSub().subscribe(topic, m -> took.add((System.nanoTime() - m.json().getLong("t")) / 1e6)).await(30, TimeUnit.SECONDS);
    paced(n -> a.pubSub().broadcast(topic, CHAT.copy().put("t", System.nanoTime())), a.vertx(), 1_000);
    took.subList(0, Math.min(took.size(), 500)).clear();
    return new double[] {HistoryBench.percentile(took, 50), HistoryBench.percentile(took, 99)};
  }

  interface Send {
    Future<?> send(int n);
  }

  /** {@code perSecond} sends a second for 5.5 s (the first half second as warm-up), then 1 s for the last to arrive. */
  static void paced(Send send, Vertx on, int perSecond) throws Exception {
    int total = perSecond * 11 / 2;
    AtomicLong n = new AtomicLong();
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    on.runOnContext(v -> {
      long timer = on.setPeriodic(1, t -> {
        long due = Math.min(total, (System.nanoTime() - start) * perSecond / 1_000_000_000L);
        while (n.get() < due) {
          send.send((int) n.getAndIncrement());
        }
        if (n.get() >= total) {
          on.cancelTimer(t);
          on.setTimer(1_000, x -> done.complete());
        }
      });
    });
    done.future().await(60, TimeUnit.SECONDS);
  }

  /** The floor's throughput, after rounds of the same until the JIT is done with its client's path, as the nodes'. */
  static double floorThroughput(Floor floor, String adapter) throws Exception {
    GroupsBench.warmUntilJitQuiet(adapter + " floor throughput", WARMUP_MIN_ROUNDS, WARMUP_MAX_ROUNDS,
      () -> floorRound(floor), ProcessHandle.current().pid());
    return medianRate(adapter + " floor throughput", () -> floorRound(floor));
  }

  static double floorRound(Floor floor) throws Exception {
    int batch = floor.batch();
    int batches = MESSAGES / batch;
    long before = floor.received();
    long start = System.nanoTime();
    // the nodes' window: at most WINDOW messages in flight, so WINDOW / batch server messages
    int inFlight = Math.max(1, WINDOW / batch);
    List<Future<Void>> sent = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      if (sent.size() >= inFlight) {
        sent.remove(0).await(60, TimeUnit.SECONDS);
      }
      sent.add(floor.send(batch, 0));
    }
    Future.all(sent).await(120, TimeUnit.SECONDS);
    GroupsBench.await(() -> floor.received() - before >= (long) batches * batch);
    return (double) batches * batch / ((System.nanoTime() - start) / 1e9);
  }

  static double[] floorLatency(Floor floor) throws Exception {
    Vertx pacer = Vertx.vertx();
    try {
      paced(n -> floor.send(1, System.nanoTime()), pacer, 1_000);
    } finally {
      pacer.close().await(10, TimeUnit.SECONDS);
    }
    List<Double> took = new ArrayList<>(floor.latencies());
    took.subList(0, Math.min(took.size(), 500)).clear();
    return new double[] {HistoryBench.percentile(took, 50), HistoryBench.percentile(took, 99)};
  }

  /** A payload of {@code batch} chat messages, as a batch of the adapters carries them, with the send time. */
  static Buffer payload(int batch, long sentNanos) {
    JsonArray messages = new JsonArray();
    for (int i = 0; i < batch; i++) {
      messages.add(new JsonObject().put("b", CHAT));
    }
    return new JsonObject().put("from", "floor").put("topic", "bench").put("t", sentNanos).put("messages", messages).toBuffer();
  }

  /** Counts what arrives, and for single messages their send-to-receive time. */
  abstract static class Counting implements Floor {
    final AtomicLong received = new AtomicLong();
    final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());

    void arrived(Buffer payload) {
      JsonObject json = new JsonObject(payload);
      int count = json.getJsonArray("messages").size();
      received.addAndGet(count);
      if (count == 1) {
        latencies.add((System.nanoTime() - json.getLong("t")) / 1e6);
      }
    }

    @Override
    public long received() {
      return received.get();
    }

    @Override
    public List<Double> latencies() {
      return latencies;
    }
  }

  static Floor postgresFloor(Vertx vertx, String url) throws Exception {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    SqlClient client = PgBuilder.client().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
    PgConnection listener = PgConnection.connect(vertx, options).await(30, TimeUnit.SECONDS);
    Counting floor = new Counting() {
      @Override
      public int batch() {
        return 64;
      }

      @Override
      public Future<Void> send(int batch, long sentNanos) {
        return client.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of("floor", payload(batch, sentNanos).toString())).mapEmpty();
      }

      @Override
      public void close() throws Exception {
        listener.close().await(10, TimeUnit.SECONDS);
        client.close().await(10, TimeUnit.SECONDS);
      }
    };
    listener.notificationHandler(n -> floor.arrived(Buffer.buffer(n.getPayload())));
    listener.query("LISTEN floor").execute().await(30, TimeUnit.SECONDS);
    return floor;
  }

  static Floor rabbitFloor(Vertx vertx, String url) throws Exception {
    RabbitMQClient publisher = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(url).setReconnectAttempts(0));
    RabbitMQClient consumer = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(url).setReconnectAttempts(0));
    publisher.start().await(30, TimeUnit.SECONDS);
    consumer.start().await(30, TimeUnit.SECONDS);
    publisher.confirmSelect().await(30, TimeUnit.SECONDS);
    consumer.queueDeclare("floor", true, false, true).await(30, TimeUnit.SECONDS);
    com.rabbitmq.client.AMQP.BasicProperties persistent = new com.rabbitmq.client.AMQP.BasicProperties.Builder().deliveryMode(2).build();
    Counting floor = new Counting() {
      @Override
      public Future<Void> send(int batch, long sentNanos) {
        return publisher.basicPublish("", "floor", persistent, payload(batch, sentNanos)).compose(v -> publisher.waitForConfirms(5_000));
      }

      @Override
      public void close() throws Exception {
        publisher.stop().await(10, TimeUnit.SECONDS);
        consumer.stop().await(10, TimeUnit.SECONDS);
      }
    };
    consumer.basicConsumer("floor", new QueueOptions().setAutoAck(true).setMaxInternalQueueSize(100_000))
      .await(30, TimeUnit.SECONDS).handler(m -> floor.arrived(m.body()));
    return floor;
  }

  static Floor mqttFloor(Vertx vertx, String url) throws Exception {
    java.net.URI address = java.net.URI.create(url);
    MqttClientOptions options = new MqttClientOptions().setMaxInflightQueue(10_000).setMaxMessageSize(16 * 1024 * 1024);
    MqttClient publisher = MqttClient.create(vertx, new MqttClientOptions(options).setClientId("floor-pub"));
    MqttClient subscriber = MqttClient.create(vertx, new MqttClientOptions(options).setClientId("floor-sub"));
    publisher.connect(address.getPort(), address.getHost()).await(30, TimeUnit.SECONDS);
    subscriber.connect(address.getPort(), address.getHost()).await(30, TimeUnit.SECONDS);
    // on the client's context: an acknowledgement can come before its publish's write completes
    Map<Integer, Promise<Void>> waiting = new java.util.HashMap<>();
    java.util.Set<Integer> early = new java.util.HashSet<>();
    publisher.publishCompletionHandler(id -> {
      Promise<Void> done = waiting.remove(id);
      if (done != null) {
        done.complete();
      } else {
        early.add(id);
      }
    });
    Counting floor = new Counting() {
      @Override
      public Future<Void> send(int batch, long sentNanos) {
        Promise<Void> done = Promise.promise();
        publisher.publish("floor", payload(batch, sentNanos), MqttQoS.AT_LEAST_ONCE, false, false).onSuccess(id -> {
          if (early.remove(id)) {
            done.complete();
          } else {
            waiting.put(id, done);
          }
        }).onFailure(done::fail);
        return done.future();
      }

      @Override
      public void close() throws Exception {
        publisher.disconnect().await(10, TimeUnit.SECONDS);
        subscriber.disconnect().await(10, TimeUnit.SECONDS);
      }
    };
    subscriber.publishHandler(m -> floor.arrived(m.payload()));
    subscriber.subscribe("floor", 1).await(30, TimeUnit.SECONDS);
    return floor;
  }

  /** A broker started here on free ports, its data in a temporary directory. */
  static final class Broker implements AutoCloseable {
    final String url;
    private final Process process;
    private final Path dir;
    private final Runnable stop;

    private Broker(String url, Process process, Path dir, Runnable stop) {
      this.url = url;
      this.process = process;
      this.dir = dir;
      this.stop = stop;
    }

    static Broker rabbitmq() throws Exception {
      int[] ports = GroupsBench.freePorts(3);
      Path dir = Files.createTempDirectory("adapter-bench-rabbitmq");
      Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
      String node = "rabbit-" + ports[0] + "@localhost";
      Map<String, String> env = Map.of("HOME", dir.toString(), "RABBITMQ_NODENAME", node, "RABBITMQ_NODE_PORT", String.valueOf(ports[0]),
        "RABBITMQ_DIST_PORT", String.valueOf(ports[1]), "ERL_EPMD_PORT", String.valueOf(ports[2]),
        "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
        "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
        "RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins").toString(), "RABBITMQ_PID_FILE", dir.resolve("pid").toString());
      ProcessBuilder builder = new ProcessBuilder("/usr/lib/rabbitmq/bin/rabbitmq-server").redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      GroupsBench.await(() -> answers(ports[0]));
      return new Broker("amqp://guest:guest@127.0.0.1:" + ports[0], process, dir, () -> {
        try {
          ProcessBuilder ctl = new ProcessBuilder("/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", node, "shutdown").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
          ctl.environment().putAll(env);
          ctl.start().waitFor(30, TimeUnit.SECONDS);
          ProcessBuilder epmd = new ProcessBuilder("epmd", "-kill").redirectOutput(ProcessBuilder.Redirect.DISCARD);
          epmd.environment().putAll(env);
          epmd.start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          process.destroyForcibly();
        }
      });
    }

    static Broker mosquitto() throws Exception {
      int port = GroupsBench.freePorts(1)[0];
      Path dir = Files.createTempDirectory("adapter-bench-mosquitto");
      Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
        + "max_queued_messages 0\nmax_inflight_messages 0\n");
      Process process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
      GroupsBench.await(() -> answers(port));
      return new Broker("mqtt://127.0.0.1:" + port, process, dir, process::destroy);
    }

    static boolean answers(int port) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (java.io.IOException e) {
        return false;
      }
    }

    @Override
    public void close() throws Exception {
      stop.run();
      process.waitFor(30, TimeUnit.SECONDS);
      PubSubBench.sh("rm", "-rf", dir.toString());
    }
  }
}
