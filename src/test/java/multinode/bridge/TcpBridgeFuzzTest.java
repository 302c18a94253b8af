package multinode.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import multinode.Multinode;
import multinode.chat.ChatAddresses;
import multinode.groups.GroupAddresses;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.Metrics;
import multinode.test.Poll;
import multinode.test.ReliabilityLog;
import multinode.test.TcpClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 random and malformed frames at one node's TCP bridge, on 500 connections, while a well-behaved
 * client on the same node publishes and receives a numbered stream: the stream loses nothing, the node
 * answers {@code /health}, and its threads and heap come back to where they were.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpBridgeFuzzTest {

  private static final int CONNECTIONS = 500;
  private static final int FRAMES_PER_CONNECTION = 20;

  private final ClusterNodes cluster = new ClusterNodes(1);
  private final Vertx client = Vertx.vertx();
  private Multinode node;

  @BeforeAll
  void start() {
    node = cluster.start("fuzz@bridge");
  }

  @AfterAll
  void stop() {
    await(client.close());
    cluster.close();
  }

  @Test
  void tenThousandBadFramesCrashNothingAndAWellBehavedClientKeepsFlowing() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    NetClient fuzzClient = client.createNetClient();
    try (TcpClient publisher = TcpClient.connect(client, node.bridgePort());
         TcpClient subscriber = TcpClient.connect(client, node.bridgePort())) {
      subscriber.registerAndWait("events.fuzz");
      // the baseline is a node that has seen bad frames before: its pools (workers, Hazelcast) have grown
      Random warmUp = new Random(1);
      for (int c = 0; c < 100; c++) {
        fuzzOnce(fuzzClient, warmUp, FRAMES_PER_CONNECTION);
      }
      Http http = new Http(node.httpPort());
      assertThat(http.get("/health").statusCode()).isEqualTo(200);
      String rejectedSample = "multinode_bridge_rejected_total{bridge=\"tcp\"}";
      double rejectedBefore = Metrics.settled(node.adminPort(), rejectedSample);
      int threadsBefore = threads();
      Map<String, Long> censusBefore = threadCensus();
      long heapBefore = heapAfterGc();

      int sent = 0;
      int frames = 0;
      for (int c = 0; c < CONNECTIONS; c++) {
        frames += fuzzOnce(fuzzClient, random, FRAMES_PER_CONNECTION);
        publisher.send(new JsonObject().put("type", "publish").put("address", "events.fuzz").put("body", new JsonObject().put("n", sent++)));
      }
      int last = sent - 1;
      subscriber.awaitFrame(f -> f.getValue("body") instanceof JsonObject b && b.getInteger("n", -1) == last,
        "the well-behaved client's last message (seed " + seed + ")");

      assertThat(frames).isGreaterThanOrEqualTo(10_000);
      assertThat(subscriber.all(f -> "events.fuzz".equals(f.getString("address"))).stream()
        .map(f -> f.getJsonObject("body").getInteger("n")).toList())
        .as("every message, in order (seed %d)", seed).containsExactlyElementsOf(java.util.stream.IntStream.range(0, sent).boxed().toList());
      assertThat(publisher.errors()).isEmpty();
      assertThat(http.get("/health").statusCode()).isEqualTo(200);
      long rejected = (long) (Metrics.settled(node.adminPort(), rejectedSample) - rejectedBefore);
      int crashes = http.get("/health").statusCode() == 200 ? 0 : 1;
      assertThat(rejected).isPositive().isLessThanOrEqualTo(frames);
      ReliabilityLog.record(new JsonObject().put("interface", "TCP bridge").put("tried", frames).put("rejected", rejected)
        .put("crashes", crashes).put("note", "err frames; the rest were well-formed by chance (ping, publish to events.x); "
          + sent + "/" + sent + " of a client's stream delivered alongside"));
      awaitThreadsBackTo(threadsBefore, censusBefore);
      Poll.until(Duration.ofSeconds(20), "heap back near " + heapBefore / 1024 / 1024 + " MiB",
        () -> heapAfterGc() <= heapBefore + 32L * 1024 * 1024);
    } finally {
      await(fuzzClient.close());
    }
  }

  /** One connection sending {@code count} bad frames, then closing; returns how many it sent. */
  private int fuzzOnce(NetClient fuzzClient, Random random, int count) {
    NetSocket socket = await(fuzzClient.connect(node.bridgePort(), "127.0.0.1"));
    socket.handler(data -> { });
    Buffer out = Buffer.buffer();
    for (int i = 0; i < count; i++) {
      // a bad length ends the stream: only as the last frame
      out.appendBuffer(i == count - 1 && random.nextInt(4) == 0 ? badLength(random) : frame(badJson(random)));
    }
    Future<Void> written = socket.write(out);
    await(written.transform(ar -> socket.close()).otherwiseEmpty());
    return count;
  }

  private static Buffer frame(byte[] body) {
    return Buffer.buffer().appendInt(body.length).appendBytes(body);
  }

  private static Buffer badLength(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> Buffer.buffer().appendInt(-1 - random.nextInt(Integer.MAX_VALUE));
      case 1 -> Buffer.buffer().appendInt(64 * 1024 + 1 + random.nextInt(1 << 20)).appendString("{\"type\":");
      default -> Buffer.buffer().appendInt(1000).appendString("{\"type\":\"ping\""); // cut short
    };
  }

  private static byte[] badJson(Random random) {
    String[] addresses = {"events.x", ChatAddresses.room("lobby"), GroupAddresses.API, "multinode.node.x.invoke",
      "", "\u0000", "events." + "x".repeat(300), ChatAddresses.room("Bad Room")};
    String[] types = {"send", "publish", "register", "unregister", "ping", "", "SEND", "explode"};
    return switch (random.nextInt(8)) {
      case 0 -> randomBytes(random);
      case 1 -> "{\"type\":\"send\",\"address\":".getBytes(StandardCharsets.UTF_8);
      case 2 -> ("[".repeat(1 + random.nextInt(2000))).getBytes(StandardCharsets.UTF_8);
      case 3 -> new JsonArray().add(random.nextInt()).encode().getBytes(StandardCharsets.UTF_8);
      case 4 -> new JsonObject().put("type", random.nextInt()).put("address", random.nextBoolean()).encode().getBytes(StandardCharsets.UTF_8);
      case 5 -> new JsonObject().put("type", types[random.nextInt(types.length)])
        .put("address", addresses[random.nextInt(addresses.length)])
        .put("replyAddress", random.nextBoolean() ? "r" + random.nextInt() : null)
        .put("body", randomBody(random)).encode().getBytes(StandardCharsets.UTF_8);
      case 6 -> new JsonObject().put("type", "send").put("address", GroupAddresses.API).put("replyAddress", "r")
        .put("body", new JsonObject().put("action", types[random.nextInt(types.length)]).put("group", randomBody(random)))
        .encode().getBytes(StandardCharsets.UTF_8);
      default -> new String(randomBytes(random), StandardCharsets.ISO_8859_1).replace('"', '\\').getBytes(StandardCharsets.UTF_8);
    };
  }

  private static Object randomBody(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> null;
      case 1 -> "x".repeat(random.nextInt(5000));
      case 2 -> new JsonObject().put("text", "t".repeat(random.nextInt(3000))).put("from", random.nextInt());
      case 3 -> new JsonArray().add(1).add("2");
      default -> new JsonObject().put("n", random.nextDouble());
    };
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(200)];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * Waits for the thread count to come back; a timeout names the pools that grew. On a busy machine
   * Hazelcast's cached pool grows beyond its three core threads and lets the others go after 60 s idle,
   * so the deadline is longer than that.
   */
  private static void awaitThreadsBackTo(int before, Map<String, Long> censusBefore) {
    try {
      Poll.until(Duration.ofSeconds(90), "threads back to " + before, () -> threads() <= before + 2);
    } catch (ConditionTimeoutException e) {
      Map<String, Long> now = threadCensus();
      Map<String, String> grown = new TreeMap<>();
      now.forEach((pool, count) -> {
        long was = censusBefore.getOrDefault(pool, 0L);
        if (count > was) {
          grown.put(pool, was + " -> " + count);
        }
      });
      throw new AssertionError("threads " + before + " -> " + threads() + ", pools that grew: " + grown, e);
    }
  }

  /** Live threads by name with the digits taken out: one entry per pool. */
  private static Map<String, Long> threadCensus() {
    return Thread.getAllStackTraces().keySet().stream()
      .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", "N"), TreeMap::new, Collectors.counting()));
  }

  private static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
