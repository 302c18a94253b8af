package multinode.chat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Metrics;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser bridge's WebSockets as a client meets them: SockJS's WebSocket transport
 * ({@code /eventbus/<server>/<session>/websocket}) and the raw one ({@code /eventbus/websocket}), which the
 * node serves in the connection's own pipeline rather than through Vert.x's WebSocket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatWebSocketTest {

  private static final String REJECTED = "multinode_bridge_rejected_total{bridge=\"sockjs\"}";

  private Multinode node;
  private Vertx client;
  private WebSocketClient webSockets;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("ws@chat");
    client = Vertx.vertx();
    webSockets = client.createWebSocketClient();
  }

  @AfterAll
  void stop() {
    await(webSockets.close());
    await(client.close());
    await(node.close());
  }

  @Test
  void aSockJsWebSocketOpensWithOAndCarriesArraysOfFramesBothWays() {
    Socket socket = connect("/eventbus/123/" + Long.toHexString(System.nanoTime()) + "/websocket");
    socket.awaitMessages(1);
    assertThat(socket.messages.get(0)).isEqualTo("o");

    JsonObject register = new JsonObject().put("type", "register").put("address", ChatAddresses.room("ws1"));
    JsonObject join = new JsonObject().put("type", "send").put("address", ChatAddresses.REQUESTS).put("replyAddress", "r1")
      .put("body", BridgeClient.join("ws1", "sam"));
    await(socket.webSocket.writeTextMessage(new JsonArray().add(register.encode()).add(join.encode()).encode()));

    // the reply, and the room's events from the join on, each a SockJS array frame of one bridge frame
    Poll.until(Duration.ofSeconds(10), "the join's reply", () -> socket.frames().stream()
      .anyMatch(f -> "r1".equals(f.getString("address")) && "rec".equals(f.getString("type"))));
    Poll.until(Duration.ofSeconds(10), "sam's own presence", () -> socket.frames().stream()
      .anyMatch(f -> f.getJsonObject("body") != null && "presence_state".equals(f.getJsonObject("body").getString("type"))));
    assertThat(socket.messages.subList(1, socket.messages.size())).allMatch(m -> m.startsWith("a[\""));
    socket.close();
  }

  @Test
  void aSockJsMessageThatIsNotAnArrayOfStringsClosesTheSocketWith1007AtOnce() {
    double rejectedBefore = Metrics.settled(node.adminPort(), REJECTED);
    Socket socket = connect("/eventbus/7/" + Long.toHexString(System.nanoTime()) + "/websocket");
    socket.awaitMessages(1);
    long start = System.nanoTime();

    // frames keep coming after the bad one (an array, but not of strings), as from a client that does not wait
    socket.webSocket.writeTextMessage("[\"{}\",[\"nested\"]]");
    for (int i = 0; i < 50; i++) {
      socket.webSocket.writeTextMessage(new JsonArray().add("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(4000) + "\"}").encode());
    }

    // well before the node's 10 s closing timeout: the client read the close frame and ended the connection
    Poll.until(Duration.ofSeconds(5), "the socket closed", socket.webSocket::isClosed);
    assertThat(socket.webSocket.closeStatusCode()).isEqualTo((short) 1007);
    assertThat(socket.webSocket.closeReason()).isEqualTo("invalid_json");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms until closed").isLessThan(5_000);
    assertThat(Metrics.settled(node.adminPort(), REJECTED) - rejectedBefore).isEqualTo(1);
  }

  @Test
  void aPingIsAnsweredWithItsPong() {
    Socket socket = connect("/eventbus/websocket");
    List<String> pongs = new CopyOnWriteArrayList<>();
    socket.webSocket.pongHandler(data -> pongs.add(data.toString()));

    await(socket.webSocket.writePing(Buffer.buffer("are you there")));

    Poll.until(Duration.ofSeconds(10), "the pong", () -> pongs.contains("are you there"));
    assertThat(socket.webSocket.isClosed()).isFalse();
    socket.close();
  }

  @Test
  void aMessageOverTheLimitClosesTheSocketWith1009AndTheNodeServesTheNext() {
    double rejectedBefore = Metrics.settled(node.adminPort(), REJECTED);
    Socket socket = connect("/eventbus/websocket");

    // 300 KiB: sent by the client in frames of 64 KiB, over the 256 KiB a message may have
    socket.webSocket.writeTextMessage("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}");

    Poll.until(Duration.ofSeconds(5), "the socket closed", socket.webSocket::isClosed);
    assertThat(socket.webSocket.closeStatusCode()).isEqualTo((short) 1009);
    assertThat(socket.webSocket.closeReason()).isEqualTo("too_large");
    assertThat(Metrics.settled(node.adminPort(), REJECTED) - rejectedBefore).isEqualTo(1);
    try (BridgeClient next = BridgeClient.connect(client, node.httpPort())) {
      assertThat(BridgeClient.errorCode(next.request(BridgeClient.join("ws4", "next")))).isNull();
    }
  }

  @Test
  void aSilentSockJsSocketIsToldGoAwayAndAnActiveOneGetsHeartbeats() {
    Socket silent = connect("/eventbus/1/" + Long.toHexString(System.nanoTime()) + "/websocket");
    Socket active = connect("/eventbus/2/" + Long.toHexString(System.nanoTime()) + "/websocket");
    long timer = client.setPeriodic(2000, id -> active.webSocket.writeTextMessage("[\"{\\\"type\\\":\\\"ping\\\"}\"]"));
    try {
      // the bridge's idle timeout is 10 s, checked every 2.5 s
      Poll.until(Duration.ofSeconds(20), "the silent socket closed", silent.webSocket::isClosed);
      assertThat(silent.messages).containsExactly("o", "c[3000,\"Go away!\"]");
      assertThat(silent.webSocket.closeStatusCode()).isEqualTo((short) 1000);

      // SockJS's heartbeat every 25 s
      Poll.until(Duration.ofSeconds(40), "a heartbeat", () -> active.messages.contains("h"));
      assertThat(active.webSocket.isClosed()).isFalse();
    } finally {
      client.cancelTimer(timer);
      active.close();
    }
  }

  @Test
  void aNodeThatStopsClosesItsWebSocketsWith1001() {
    Multinode stopping = ClusterNodes.alone("stopping@chat");
    Socket raw = connect(stopping, "/eventbus/websocket");
    Socket sockJs = connect(stopping, "/eventbus/3/" + Long.toHexString(System.nanoTime()) + "/websocket");
    sockJs.awaitMessages(1);

    await(stopping.close());

    Poll.until(Duration.ofSeconds(10), "both sockets closed", () -> raw.webSocket.isClosed() && sockJs.webSocket.isClosed());
    for (Socket socket : List.of(raw, sockJs)) {
      assertThat(socket.webSocket.closeStatusCode()).isEqualTo((short) 1001);
      assertThat(socket.webSocket.closeReason()).isEqualTo("node_stopping");
    }
  }

  @Test
  void vertxsHttpServerMetricsCountTheWebSocketsAndLetGoOfThemWhenTheyClose() {
    double connectionsBefore = Metrics.settled(node.adminPort(), "vertx_http_server_active_connections");
    double upgradesBefore = Metrics.settled(node.adminPort(), "vertx_http_server_requests_total{code=\"101\",method=\"GET\"}");
    Socket raw = connect("/eventbus/websocket");
    Socket sockJs = connect("/eventbus/5/" + Long.toHexString(System.nanoTime()) + "/websocket");

    Poll.until(Duration.ofSeconds(10), "2 WebSockets counted",
      () -> Metrics.value(node.adminPort(), "vertx_http_server_active_ws_connections") == 2);
    assertThat(Metrics.value(node.adminPort(), "vertx_http_server_requests_total{code=\"101\",method=\"GET\"}") - upgradesBefore)
      .isEqualTo(2);
    raw.close();
    sockJs.close();

    Poll.until(Duration.ofSeconds(10), "no WebSocket counted",
      () -> Metrics.value(node.adminPort(), "vertx_http_server_active_ws_connections") == 0);
    assertThat(Metrics.settled(node.adminPort(), "vertx_http_server_active_connections")).isEqualTo(connectionsBefore);
    assertThat(Metrics.settled(node.adminPort(), "vertx_http_server_active_requests{method=\"GET\"}")).isEqualTo(1);
  }

  @Test
  void anUpgradeTheNodeCannotTakeIsAnsweredWithACodeAndTheNodeServesTheNext() throws Exception {
    String plainGet = http("GET /eventbus/websocket HTTP/1.1\r\nHost: x\r\n");
    String noKey = http("GET /eventbus/websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
      + "Sec-WebSocket-Version: 13\r\n");
    String oldVersion = http("GET /eventbus/9/abc/websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
      + "Upgrade: websocket\r\nSec-WebSocket-Version: 99\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");

    assertThat(plainGet).startsWith("HTTP/1.1 400").contains("\"error\":\"not_a_websocket_upgrade\"");
    assertThat(noKey).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_websocket_handshake\"");
    assertThat(oldVersion).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13")
      .contains("\"error\":\"unsupported_websocket_version\"");
    try (BridgeClient next = BridgeClient.connect(client, node.httpPort())) {
      assertThat(BridgeClient.errorCode(next.request(BridgeClient.join("ws5", "next")))).isNull();
    }
  }

  /** What the node answers to a request written as it is (its head, without the blank line that ends it). */
  private String http(String head) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.httpPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] buffer = new byte[4096];
      StringBuilder answer = new StringBuilder();
      // the whole answer: its head, and a body as long as its content-length says
      while (!complete(answer.toString())) {
        int read = socket.getInputStream().read(buffer);
        if (read < 0) {
          break;
        }
        answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
      }
      return answer.toString();
    }
  }

  private static boolean complete(String answer) {
    int end = answer.indexOf("\r\n\r\n");
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(answer);
    return end >= 0 && length.find() && answer.length() - end - 4 >= Integer.parseInt(length.group(1));
  }

  private Socket connect(String uri) {
    return connect(node, uri);
  }

  private Socket connect(Multinode node, String uri) {
    // the handler set before the socket opens: the node's first message may come in the same read as the 101
    ClientWebSocket webSocket = webSockets.webSocket();
    Socket socket = new Socket(webSocket);
    await(webSocket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpPort()).setURI(uri)));
    return socket;
  }

  /** A client's socket, with every text message it read. */
  private static final class Socket {

    final WebSocket webSocket;
    final List<String> messages = new CopyOnWriteArrayList<>();

    Socket(WebSocket webSocket) {
      this.webSocket = webSocket;
      webSocket.textMessageHandler(messages::add);
    }

    void awaitMessages(int count) {
      Poll.until(Duration.ofSeconds(10), count + " messages", () -> messages.size() >= count);
    }

    /** The bridge frames in the SockJS array messages read so far. */
    List<JsonObject> frames() {
      return messages.stream().filter(m -> m.startsWith("a")).flatMap(m -> new JsonArray(m.substring(1)).stream())
        .map(f -> new JsonObject((String) f)).toList();
    }

    void close() {
      if (!webSocket.isClosed()) {
        await(webSocket.close());
      }
    }
  }
}
