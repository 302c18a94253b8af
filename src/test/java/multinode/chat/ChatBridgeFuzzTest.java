package multinode.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.Metrics;
import multinode.test.Poll;
import multinode.test.ReliabilityLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 random and malformed frames at the chat's browser bridge, on 500 sockets (half the raw
 * WebSocket at {@code /eventbus/websocket}, half SockJS's own WebSocket transport with its framing),
 * while a well-behaved user in a room receives a numbered stream of messages: the stream loses nothing,
 * every refusal is an {@code err} frame counted on {@code /metrics}, and the node answers {@code /health}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatBridgeFuzzTest {

  private static final int SOCKETS = 500;
  private static final int FRAMES_PER_SOCKET = 20;
  private static final String REJECTED = "multinode_bridge_rejected_total{bridge=\"sockjs\"}";

  private Multinode node;
  private Vertx client;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("fuzz@chat");
    client = Vertx.vertx();
  }

  @AfterAll
  void stop() {
    await(client.close());
    await(node.close());
  }

  @Test
  void tenThousandBadFramesCrashNothingAndAUserKeepsGettingEveryMessage() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    WebSocketClient fuzzClient = client.createWebSocketClient();
    try (BridgeClient user = BridgeClient.connect(client, node.httpPort())) {
      user.keepAlive(client);
      user.register("fuzz");
      assertThat(BridgeClient.errorCode(user.request(BridgeClient.join("fuzz", "steady")))).isNull();
      double rejectedBefore = Metrics.settled(node.adminPort(), REJECTED);

      int frames = 0;
      for (int s = 0; s < SOCKETS; s++) {
        frames += fuzzOnce(fuzzClient, random, s % 2 == 0);
        await(node.chat().post("fuzz", "system", "n=" + s));
      }
      Poll.until(Duration.ofSeconds(20), "the user's last message (seed " + seed + ")",
        () -> user.events("message").size() == SOCKETS);
      long rejected = (long) (Metrics.settled(node.adminPort(), REJECTED) - rejectedBefore);
      int crashes = new Http(node.httpPort()).get("/health").statusCode() == 200 ? 0 : 1;

      assertThat(frames).isGreaterThanOrEqualTo(10_000);
      assertThat(user.events("message").stream().map(m -> m.getString("text")).toList())
        .as("every message, in order (seed %d)", seed)
        .containsExactlyElementsOf(IntStream.range(0, SOCKETS).mapToObj(n -> "n=" + n).toList());
      assertThat(rejected).isPositive().isLessThanOrEqualTo(frames);
      assertThat(crashes).isZero();
      ReliabilityLog.record(new JsonObject().put("interface", "SockJS bridge").put("tried", frames)
        .put("rejected", rejected).put("crashes", crashes).put("note", "err frames; the rest were well-formed by "
          + "chance (ping, join, say) or ended the SockJS session; " + SOCKETS + "/" + SOCKETS
          + " of a user's messages delivered alongside"));
    } finally {
      await(fuzzClient.close());
    }
  }

  /** One socket sending {@link #FRAMES_PER_SOCKET} bad frames, then closing; returns how many it sent. */
  private int fuzzOnce(WebSocketClient fuzzClient, Random random, boolean raw) {
    String uri = raw ? "/eventbus/websocket" : "/eventbus/" + random.nextInt(1000) + "/" + Long.toHexString(random.nextLong()) + "/websocket";
    WebSocket socket = await(fuzzClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
      .setPort(node.httpPort()).setURI(uri)));
    socket.handler(data -> { });
    Future<Void> last = Future.succeededFuture();
    for (int i = 0; i < FRAMES_PER_SOCKET; i++) {
      String frame = badFrame(random);
      if (!raw) {
        // SockJS wraps client frames in a JSON array of strings; now and then the wrapper itself is broken
        frame = random.nextInt(20) == 0 ? frame : new JsonArray().add(frame).encode();
      }
      last = random.nextInt(10) == 0 ? socket.writeBinaryMessage(Buffer.buffer(frame)) : socket.writeTextMessage(frame);
    }
    await(last.transform(ar -> socket.close()).otherwiseEmpty());
    return FRAMES_PER_SOCKET;
  }

  private static String badFrame(Random random) {
    String[] addresses = {ChatAddresses.REQUESTS, ChatAddresses.room("lobby"), ChatAddresses.room("Bad Room"),
      "multinode.node.x.invoke", "multinode.groups.api", "", "\u0000", ChatAddresses.room("x".repeat(300))};
    String[] types = {"send", "publish", "register", "unregister", "ping", "", "SEND", "explode"};
    return switch (random.nextInt(9)) {
      case 0 -> new String(randomBytes(random), StandardCharsets.ISO_8859_1);
      case 1 -> "{\"type\":\"send\",\"address\":";
      case 2 -> "[".repeat(1 + random.nextInt(2000));
      case 3 -> new JsonArray().add(random.nextInt()).encode();
      case 4 -> new JsonObject().put("type", random.nextInt()).put("address", random.nextBoolean()).encode();
      case 5 -> new JsonObject().put("type", types[random.nextInt(types.length)])
        .put("address", addresses[random.nextInt(addresses.length)])
        .put("replyAddress", random.nextBoolean() ? "r" + random.nextInt() : null).put("body", randomBody(random)).encode();
      case 6 -> new JsonObject().put("type", "send").put("address", ChatAddresses.REQUESTS).put("replyAddress", "r")
        .put("body", new JsonObject().put("type", List.of("join", "say", "leave", "shout").get(random.nextInt(4)))
          .put("room", List.of("lobby", "", "Bad Room", "x".repeat(40)).get(random.nextInt(4)))
          .put("nick", randomBody(random)).put("text", randomBody(random)).put("lastSeq", randomBody(random))).encode();
      case 7 -> new JsonObject().put("type", "register").put("address", ChatAddresses.room("r" + random.nextInt(40))).encode();
      default -> "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(16 * 1024) + "\"}";
    };
  }

  private static Object randomBody(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> null;
      case 1 -> "x".repeat(random.nextInt(3000));
      case 2 -> new JsonObject().put("text", random.nextInt());
      case 3 -> new JsonArray().add(1).add("2");
      default -> random.nextDouble();
    };
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(200)];
    random.nextBytes(bytes);
    return bytes;
  }
}
