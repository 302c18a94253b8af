package multinode.chat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Metrics;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat between two clustered nodes, through each node's raw bridge WebSocket: messages, stamps,
 * history, presence, the bridge's permissions and its answers to bad input.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatClusterTest {

  private static final String REJECTED = "multinode_bridge_rejected_total{bridge=\"sockjs\"}";

  private final ClusterNodes cluster = new ClusterNodes(3);
  private final Vertx client = Vertx.vertx();
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void startTwoNodes() {
    a = cluster.start("a@chat");
    b = cluster.start("b@chat");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    await(client.close());
    cluster.close();
  }

  @Test
  void aMessageSaidOnOneNodeReachesTheOtherStampedByTheNode() {
    try (BridgeClient alice = joined(a, "room1", "alice"); BridgeClient bob = joined(b, "room1", "bob")) {
      JsonObject forged = BridgeClient.say("room1", "hi bob").put("from", "mallory").put("seq", 999)
        .put("node", "nowhere").put("id", "forged").put("system", true);

      JsonObject reply = bob.request(forged);

      JsonObject message = alice.awaitFrame(f -> f.getValue("body") instanceof JsonObject body
        && "hi bob".equals(body.getString("text")), "alice gets bob's message").getJsonObject("body");
      assertThat(BridgeClient.errorCode(reply)).isNull();
      assertThat(message.getString("from")).isEqualTo("bob");
      assertThat(message.getString("node")).isEqualTo("b@chat");
      assertThat(message.getLong("seq")).isEqualTo(1L).isEqualTo(reply.getJsonObject("body").getLong("seq"));
      assertThat(message.getString("id")).isNotEqualTo("forged").isEqualTo(reply.getJsonObject("body").getString("id"));
      assertThat(message.containsKey("system")).isFalse();
    }
  }

  @Test
  void presenceShowsEveryoneAcrossNodesAndAClosedSocketLeaves() {
    try (BridgeClient alice = joined(a, "room2", "alice")) {
      Poll.until(Duration.ofSeconds(5), "b knows alice is in room2", () -> b.chat().presence("room2").containsKey("alice"));
      BridgeClient bob = joined(b, "room2", "bob");
      JsonObject state = bob.events("presence_state").get(0).getJsonObject("presences");
      assertThat(state.fieldNames()).containsExactlyInAnyOrder("alice", "bob");
      assertThat(state.getJsonObject("alice").getJsonArray("metas").getJsonObject(0).getString("node")).isEqualTo("a@chat");
      alice.awaitFrame(f -> hasDiff(f, "joins", "bob"), "alice sees bob join");

      bob.close();

      alice.awaitFrame(f -> hasDiff(f, "leaves", "bob"), "alice sees bob leave");
      Poll.until(Duration.ofSeconds(5), "a's view has alice only", () ->
        a.chat().presence("room2").fieldNames().equals(java.util.Set.of("alice")));
    }
  }

  @Test
  void aClientThatReconnectsGetsWhatItMissedAndATruncationMarkerBeyondTheHistory() {
    try (BridgeClient alice = joined(a, "room3", "alice")) {
      for (int i = 1; i <= 5; i++) {
        await(b.chat().post("room3", "system", "notice " + i));
      }
      JsonObject missed = alice.request(BridgeClient.join("room3", "alice").put("lastSeq", 2));
      assertThat(missed.getJsonObject("body").getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("text"))).containsExactly("notice 3", "notice 4", "notice 5");
      assertThat(missed.getJsonObject("body").getBoolean("truncated")).isFalse();

      for (int i = 6; i <= 130; i++) {
        await(b.chat().post("room3", "system", "notice " + i));
      }
      JsonObject tooMany = alice.request(BridgeClient.join("room3", "alice").put("lastSeq", 5));
      assertThat(tooMany.getJsonObject("body").getBoolean("truncated")).isTrue();
      assertThat(tooMany.getJsonObject("body").getJsonArray("messages")).hasSize(Chat.HISTORY);
    }
  }

  @Test
  void theBridgeDeniesEverythingButChatAndAnswersBadInputWithCodes() {
    AtomicBoolean ran = new AtomicBoolean();
    b.invoke().register("test.canary", "records that it ran", task -> {
      ran.set(true);
      return io.vertx.core.Future.succeededFuture();
    });
    try (BridgeClient mallory = BridgeClient.connect(client, a.httpPort())) {
      double rejectedBefore = Metrics.settled(a.adminPort(), REJECTED);
      String invoke = "multinode.node." + b.nodes().self().id() + ".invoke";
      mallory.raw(new JsonObject().put("type", "send").put("address", invoke)
        .put("body", new JsonObject().put("type", "call").put("id", 1).put("caller", a.nodes().self().id())
          .put("task", "test.canary")).encode());
      mallory.raw(new JsonObject().put("type", "register").put("address", "multinode.nodes.events").encode());
      mallory.raw(new JsonObject().put("type", "publish").put("address", ChatAddresses.room("lobby")).put("body", "x").encode());
      mallory.raw("");
      mallory.raw("{not json");
      mallory.raw("[1,2]");
      mallory.raw("{\"address\":\"x\"}");
      mallory.raw("{\"type\":\"explode\"}");
      mallory.raw("{\"type\":\"send\"}");
      mallory.raw("{\"type\":\"send\",\"address\":\"" + ChatAddresses.REQUESTS + "\",\"body\":\"" + "x".repeat(20_000) + "\"}");

      List<String> codes = List.of("access_denied", "access_denied", "access_denied", "invalid_json", "invalid_json",
        "invalid_json", "missing_type", "invalid_type", "missing_address", "too_large");
      Poll.until(Duration.ofSeconds(10), "an error for each bad frame",
        () -> mallory.all(f -> "err".equals(f.getString("type"))).size() == codes.size());
      assertThat(mallory.all(f -> "err".equals(f.getString("type"))).stream().map(f -> f.getString("body")))
        .containsExactlyElementsOf(codes);
      assertThat(mallory.closed()).isFalse();
      assertThat(Metrics.settled(a.adminPort(), REJECTED) - rejectedBefore).isEqualTo(codes.size());
      assertThat(ran).as("the invoke frame never reached b's runner").isFalse();
      mallory.register("room4");
      assertThat(BridgeClient.errorCode(mallory.request(BridgeClient.join("room4", "mallory")))).isNull();
    }
  }

  @Test
  void aTextFrameThatIsNotUtf8ClosesTheSocketWith1007() {
    try (BridgeClient mallory = BridgeClient.connect(client, a.httpPort())) {
      double rejectedBefore = Metrics.settled(a.adminPort(), REJECTED);
      mallory.rawBytes(new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});

      Poll.until(Duration.ofSeconds(10), "the socket closed", mallory::closed);
      assertThat(mallory.closeStatus()).isEqualTo((short) 1007);
      assertThat(mallory.all(f -> "err".equals(f.getString("type")))).isEmpty();
      assertThat(Metrics.settled(a.adminPort(), REJECTED) - rejectedBefore).isEqualTo(1);
    }
    try (BridgeClient next = joined(a, "room6", "dave")) {
      assertThat(next.closed()).as("the node serves everyone else").isFalse();
    }
  }

  @Test
  void inputRulesAndTheRateLimitAnswerWithCodesAndTheSocketStaysOpen() {
    try (BridgeClient carol = joined(a, "room5", "carol")) {
      double rejectedBefore = Metrics.settled(a.adminPort(), REJECTED);
      assertThat(code(carol, BridgeClient.join("Room 5!", "carol"))).isEqualTo("invalid_room");
      assertThat(code(carol, BridgeClient.join("room5", "x".repeat(33)))).isEqualTo("invalid_nickname");
      assertThat(code(carol, BridgeClient.join("room5", "   "))).isEqualTo("invalid_nickname");
      assertThat(code(carol, BridgeClient.join("room5", " System "))).isEqualTo("reserved_nickname");
      assertThat(code(carol, BridgeClient.say("room5", "  "))).isEqualTo("invalid_message");
      assertThat(code(carol, BridgeClient.say("room5", "y".repeat(2001)))).isEqualTo("invalid_message");
      assertThat(code(carol, BridgeClient.say("other", "hi"))).isEqualTo("not_joined");
      assertThat(code(carol, new JsonObject().put("type", "dance"))).isEqualTo("invalid_request");
      assertThat(code(carol, BridgeClient.join("room5", "carol").put("lastSeq", "yesterday"))).isEqualTo("invalid_request");
      assertThat(code(carol, BridgeClient.join("room5", "carol").put("lastSeq", 3).put("epoch", 5))).isEqualTo("invalid_request");
      assertThat(code(carol, BridgeClient.join("room5", "carol").put("epoch", "not an epoch!"))).isEqualTo("invalid_request");
      assertThat(code(carol, new JsonObject().put("type", "history").put("room", "other"))).isEqualTo("not_joined");
      assertThat(code(carol, new JsonObject().put("type", "history").put("room", "room5").put("limit", 0))).isEqualTo("invalid_request");
      assertThat(code(carol, new JsonObject().put("type", "history").put("room", "room5").put("before", -1))).isEqualTo("invalid_request");
      assertThat(code(carol, new JsonObject().put("type", "history").put("room", "room5").put("limit", 10))).isNull();

      List<String> results = IntStream.range(0, 21).mapToObj(i -> code(carol, BridgeClient.say("room5", "m" + i))).toList();

      assertThat(results.subList(0, 20)).containsOnlyNulls();
      assertThat(results.get(20)).isEqualTo("rate_limited");
      assertThat(carol.closed()).isFalse();
      // the 14 refused requests above and the one rate_limited
      assertThat(Metrics.settled(a.adminPort(), REJECTED) - rejectedBefore).isEqualTo(15);
    }
  }

  @Test
  void aSilentSocketIsClosedAfterTheIdleTimeoutAndLeaves() {
    try (BridgeClient alice = joined(a, "room7", "alice"); BridgeClient silent = joined(b, "room7", "ghost")) {
      alice.keepAlive(client);
      alice.awaitFrame(f -> hasDiff(f, "joins", "ghost"), "alice sees the ghost join");
      long start = System.nanoTime();

      // the ghost's tab is frozen: its socket stays open but sends no pings

      alice.awaitFrame(f -> hasDiff(f, "leaves", "ghost"), "alice sees the ghost leave", Duration.ofSeconds(20));
      Poll.until(Duration.ofSeconds(5), "the node closed the silent socket", silent::closed);
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the leave").isBetween(5_000L, 16_000L);
    }
  }

  @Test
  void theSocketsOfACrashedNodeLeaveEveryRoom() {
    Multinode c = cluster.start("c@chat");
    cluster.awaitFormed();
    try (BridgeClient alice = joined(a, "room6", "alice")) {
      BridgeClient dave = joined(c, "room6", "dave");
      alice.awaitFrame(f -> hasDiff(f, "joins", "dave"), "alice sees dave join");

      cluster.crash(c);

      alice.awaitFrame(f -> hasDiff(f, "leaves", "dave"), "alice sees dave leave");
      Poll.until(Duration.ofSeconds(5), "b's view has alice only", () ->
        b.chat().presence("room6").fieldNames().equals(java.util.Set.of("alice")));
      dave.close();
    }
  }

  @Test
  void aReplicaThatDriftedFromANodesPresencesHealsAtTheNextDigest() {
    try (BridgeClient alice = joined(b, "room8", "alice")) {
      Poll.until(Duration.ofSeconds(5), "a knows alice is in room8", () -> a.chat().presence("room8").containsKey("alice"));
      // a diff that b never sent: a's replica of b's presences now holds a ghost, as after a lost leave
      JsonObject ghost = new JsonObject().put("ref", "ghost-ref").put("nick", "ghost").put("node", "b@chat")
        .put("nodeId", b.nodes().self().id());
      await(a.pubSub().broadcast(ChatAddresses.PRESENCE_TOPIC, new JsonObject().put("v", 1).put("type", "diff")
        .put("nodeId", b.nodes().self().id()).put("room", "room8").put("joins", new io.vertx.core.json.JsonArray().add(ghost))
        .put("leaves", new io.vertx.core.json.JsonArray())));
      Poll.until(Duration.ofSeconds(5), "a holds the ghost", () -> a.chat().presence("room8").containsKey("ghost"));

      Poll.until(Duration.ofSeconds(25), "a dropped the ghost after b's digest", () ->
        a.chat().presence("room8").fieldNames().equals(java.util.Set.of("alice")));
      assertThat(b.chat().presence("room8").fieldNames()).containsExactly("alice");
    }
  }

  private BridgeClient joined(Multinode node, String room, String nick) {
    BridgeClient socket = BridgeClient.connect(client, node.httpPort());
    socket.register(room);
    JsonObject reply = socket.request(BridgeClient.join(room, nick));
    assertThat(BridgeClient.errorCode(reply)).as(reply.encode()).isNull();
    socket.awaitFrame(f -> f.getValue("body") instanceof JsonObject body && "presence_state".equals(body.getString("type")),
      nick + " gets the presence state");
    return socket;
  }

  private static String code(BridgeClient socket, JsonObject request) {
    return BridgeClient.errorCode(socket.request(request));
  }

  private static boolean hasDiff(JsonObject frame, String side, String nick) {
    return frame.getValue("body") instanceof JsonObject body && "presence_diff".equals(body.getString("type"))
      && body.getJsonObject(side).containsKey(nick);
  }
}
