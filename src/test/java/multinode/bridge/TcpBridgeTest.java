package multinode.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.chat.ChatAddresses;
import multinode.groups.GroupAddresses;
import multinode.groups.GroupMember;
import multinode.invoke.InvokeAddresses;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import multinode.test.TcpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The TCP bridge of two clustered nodes, through real sockets: what a service in any language sees. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TcpBridgeTest {

  private final ClusterNodes cluster = new ClusterNodes(2);
  private final Vertx client = Vertx.vertx();
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void startTwoNodes() {
    a = cluster.start("a@bridge");
    b = cluster.start("b@bridge");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    await(client.close());
    cluster.close();
  }

  @Test
  void aTopicPublishedThroughOneNodeReachesASubscriberOnTheOther() {
    try (TcpClient sender = TcpClient.connect(client, a.bridgePort()); TcpClient receiver = TcpClient.connect(client, b.bridgePort())) {
      registered(receiver, "events.deploys");

      sender.send(new JsonObject().put("type", "publish").put("address", "events.deploys")
        .put("body", new JsonObject().put("version", "1.2.3")));
      JsonObject reply = sender.request("events.deploys", new JsonObject().put("version", "1.2.4"));

      assertThat(reply.getJsonObject("body").getBoolean("ok")).isTrue();
      receiver.awaitFrame(f -> "message".equals(f.getString("type")) && "events.deploys".equals(f.getString("address"))
        && "1.2.4".equals(f.getJsonObject("body").getString("version")), "the second broadcast");
      assertThat(receiver.all(f -> "events.deploys".equals(f.getString("address"))).stream()
        .map(f -> f.getJsonObject("body").getString("version"))).containsExactly("1.2.3", "1.2.4");
      assertThat(receiver.all(f -> "events.deploys".equals(f.getString("address"))).get(0).getBoolean("send")).isFalse();
    }
  }

  @Test
  void aServiceSaysSomethingInAChatRoomStampedByTheNodeAndKeptInItsHistory() {
    try (TcpClient bot = TcpClient.connect(client, a.bridgePort()); TcpClient listener = TcpClient.connect(client, b.bridgePort())) {
      registered(listener, ChatAddresses.room("ops"));

      JsonObject reply = bot.request(ChatAddresses.room("ops"), new JsonObject().put("from", "deploy-bot")
        .put("text", "deploy finished").put("seq", 999));

      JsonObject message = listener.awaitFrame(f -> f.getValue("body") instanceof JsonObject body
        && "deploy finished".equals(body.getString("text")), "the room message").getJsonObject("body");
      assertThat(message.getString("from")).isEqualTo("deploy-bot");
      assertThat(message.getString("node")).isEqualTo("a@bridge");
      assertThat(message.getBoolean("service")).as("shown as a service's").isTrue();
      assertThat(message.containsKey("system")).as("never as the system's").isFalse();
      assertThat(message.getLong("seq")).isEqualTo(1L).isEqualTo(reply.getJsonObject("body").getLong("seq"));
      assertThat(bot.request(ChatAddresses.room("ops"), new JsonObject().put("text", "  ")).getString("message"))
        .isEqualTo("invalid_message");
      for (String name : List.of("system", " SYSTEM ")) {
        assertThat(bot.request(ChatAddresses.room("ops"), new JsonObject().put("from", name).put("text", "all clear"))
          .getString("message")).as(name).isEqualTo("reserved_nickname");
      }
      JsonObject unnamed = bot.request(ChatAddresses.room("ops"), new JsonObject().put("text", "no name given"));
      JsonObject anonymous = listener.awaitFrame(f -> f.getValue("body") instanceof JsonObject body
        && "no name given".equals(body.getString("text")), "the unnamed service's message").getJsonObject("body");
      assertThat(unnamed.getString("type")).isEqualTo("message");
      assertThat(anonymous.getString("from")).isEqualTo("service");
      assertThat(anonymous.getBoolean("service")).isTrue();
    }
  }

  @Test
  void theGroupsApiAnswersRequestsAndItsFailuresCarryTheirCodes() {
    try (TcpClient service = TcpClient.connect(client, b.bridgePort())) {
      JsonObject created = service.request(GroupAddresses.API, new JsonObject().put("action", "create").put("group", "workers"));
      assertThat(created.getJsonObject("body").getString("created")).isEqualTo("workers");
      Poll.until(Duration.ofSeconds(5), "a knows the group", () -> a.groups().whichGroups().contains("workers"));

      JsonObject groups = service.request(GroupAddresses.API, new JsonObject().put("action", "which_groups"));
      JsonObject missing = service.request(GroupAddresses.API, new JsonObject().put("action", "members").put("group", "nobody"));

      assertThat(groups.getJsonObject("body").getJsonArray("groups").getList()).contains("workers");
      GroupMember worker = await(a.groups().member(message -> message.reply(new JsonObject().put("done", message.body())), new JsonObject()));
      await(a.groups().join("workers", worker));
      Poll.until(Duration.ofSeconds(5), "b sees the worker", () -> b.groups().members("workers").size() == 1);
      JsonObject answered = service.request(GroupAddresses.API, new JsonObject().put("action", "request").put("group", "workers")
        .put("message", "resize image 7"));
      assertThat(answered.getJsonObject("body").getJsonObject("reply").getString("done")).isEqualTo("resize image 7");
      assertThat(missing.getString("type")).isEqualTo("err");
      assertThat(missing.getString("message")).isEqualTo("no_such_group");
      assertThat(missing.getInteger("failureCode")).isEqualTo(404);
    }
  }

  @Test
  void everythingElseIsDeniedAndInvokeIsNeverReached() {
    AtomicBoolean ran = new AtomicBoolean();
    b.invoke().register("test.bridge.canary", "records that it ran", task -> {
      ran.set(true);
      return Future.succeededFuture();
    });
    try (TcpClient mallory = TcpClient.connect(client, a.bridgePort())) {
      String invoke = InvokeAddresses.requests(b.nodes().self().id());
      JsonObject call = new JsonObject().put("type", "call").put("id", 1).put("caller", a.nodes().self().id())
        .put("task", "test.bridge.canary");

      JsonObject refused = mallory.request(invoke, call);
      mallory.send(new JsonObject().put("type", "publish").put("address", invoke).put("body", call));
      mallory.register("multinode.nodes.events");
      mallory.register(GroupAddresses.OPS);
      mallory.send(new JsonObject().put("type", "publish").put("address", "private.topic").put("body", new JsonObject()));
      // the capabilities' own topics: presence and a room's raw events reach the wire only through the chat
      mallory.send(new JsonObject().put("type", "publish").put("address", ChatAddresses.PRESENCE_TOPIC).put("body", new JsonObject()));
      mallory.register(ChatAddresses.PRESENCE_TOPIC);

      assertThat(refused.getString("message")).isEqualTo("access_denied");
      Poll.until(Duration.ofSeconds(5), "an error for each", () -> mallory.errors().size() == 7);
      assertThat(mallory.errors()).containsOnly("access_denied");
      assertThat(ran).as("the invoke frames never reached b's runner").isFalse();
      assertThat(mallory.closed()).isFalse();
    }
  }

  @Test
  void badFramesGetErrorCodesAndOnlyAnUnreadableLengthClosesTheSocket() {
    try (TcpClient careless = TcpClient.connect(client, a.bridgePort())) {
      for (String json : List.of("{not json", "[1,2]", "\"text\"", "{\"address\":\"x\"}", "{\"type\":\"explode\"}",
        "{\"type\":\"send\"}", "{\"type\":\"register\",\"address\":42}", "{\"type\":\"unregister\",\"address\":\"events.x\"}",
        "{\"type\":\"publish\",\"address\":\"events.x\",\"body\":\"not an object\"}")) {
        careless.raw(TcpClient.frame(json));
      }
      careless.raw(Buffer.buffer().appendInt(0));
      careless.send(new JsonObject().put("type", "ping"));

      careless.awaitFrame(f -> "pong".equals(f.getString("type")), "the pong");
      assertThat(careless.errors()).containsExactly("invalid_json", "invalid_json", "invalid_json", "missing_type",
        "invalid_type", "missing_address", "missing_address", "not_registered", "invalid_body", "invalid_json");
      assertThat(careless.closed()).isFalse();
    }
    try (TcpClient huge = TcpClient.connect(client, a.bridgePort()); TcpClient negative = TcpClient.connect(client, a.bridgePort())) {
      huge.raw(Buffer.buffer().appendInt(64 * 1024 + 1).appendString("{"));
      negative.raw(Buffer.buffer().appendInt(-5));

      Poll.until(Duration.ofSeconds(5), "both sockets closed by the node", () -> huge.closed() && negative.closed());
      assertThat(huge.errors()).containsExactly("too_large");
      assertThat(negative.errors()).containsExactly("invalid_frame_length");
    }
  }

  @Test
  void aClientThatStopsReadingIsClosedWhileTheOthersGetEveryFrame() throws Exception {
    try (TcpClient publisher = TcpClient.connect(client, a.bridgePort());
         TcpClient reader = TcpClient.connect(client, b.bridgePort());
         java.net.Socket frozen = new java.net.Socket("127.0.0.1", b.bridgePort())) {
      registered(reader, "events.flood");
      // a client in plain blocking Java that registers, reads the answer and then reads nothing more
      java.io.DataOutputStream out = new java.io.DataOutputStream(frozen.getOutputStream());
      byte[] register = new JsonObject().put("type", "register").put("address", "events.flood").put("replyAddress", "r")
        .encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(register.length);
      out.write(register);
      java.io.DataInputStream in = new java.io.DataInputStream(frozen.getInputStream());
      in.readFully(new byte[in.readInt()]);
      String padding = "x".repeat(4_000);
      int sent = 0;
      // until the node gives up on the frozen client: the kernel's buffers and 1 MiB more fill first
      while (b.bridgeClients() == 2 && sent < 20_000) {
        JsonObject reply = publisher.request("events.flood", new JsonObject().put("n", sent++).put("padding", padding));
        assertThat(reply.getString("type")).isEqualTo("message");
      }
      int total = sent;

      assertThat(b.bridgeClients()).as("the node closed the frozen client after %d frames", total).isEqualTo(1);
      assertThat(multinode.test.Metrics.value(b.adminPort(), "multinode_bridge_slow_consumers_closed_total{bridge=\"tcp\"}"))
        .isEqualTo(1);
      assertThat(multinode.test.Sockets.readsToTheEnd(frozen, java.time.Duration.ofSeconds(20)))
        .as("the frozen client's connection was dropped").isTrue();
      reader.awaitFrame(f -> "events.flood".equals(f.getString("address")) && f.getJsonObject("body").getInteger("n") == total - 1,
        "the reader's last frame");
      assertThat(reader.all(f -> "events.flood".equals(f.getString("address")))).hasSize(total);
    }
  }

  /** Registers and waits until the subscription is in place cluster-wide. */
  @Test
  void aBridgeWithATokenServesOnlyClientsThatSendItFirst() {
    String token = "bridge-token-" + java.util.UUID.randomUUID();
    Multinode guarded = ClusterNodes.alone("guarded@bridge", new JsonObject().put("bridge", new JsonObject().put("token", token)));
    try (TcpClient stranger = TcpClient.connect(client, guarded.bridgePort());
         TcpClient guesser = TcpClient.connect(client, guarded.bridgePort());
         TcpClient service = TcpClient.connect(client, guarded.bridgePort())) {
      stranger.send(new JsonObject().put("type", "publish").put("address", "events.x").put("body", new JsonObject()));
      JsonObject wrong = guesser.authenticate(token + "x");
      JsonObject right = service.authenticate(token);
      registered(service, "events.x");

      assertThat(wrong).isEqualTo(new JsonObject().put("type", "err").put("message", "unauthorized"));
      Poll.until(Duration.ofSeconds(5), "both are closed", () -> stranger.closed() && guesser.closed());
      assertThat(stranger.errors()).containsExactly("unauthorized");
      assertThat(right.getJsonObject("body").getBoolean("authenticated")).isTrue();
      assertThat(service.closed()).isFalse();
      assertThat(multinode.test.Metrics.value(guarded.adminPort(), "multinode_bridge_unauthorized_total{bridge=\"tcp\"}"))
        .isEqualTo(2);
    } finally {
      await(guarded.close());
    }
  }

  private static void registered(TcpClient socket, String address) {
    assertThat(socket.registerAndWait(address).getJsonObject("body").getString("registered")).isEqualTo(address);
  }
}
