package multinode.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Metrics;
import multinode.test.Poll;
import multinode.test.Sockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that stops reading: its socket's outbound queue is bounded, the node closes it with the
 * reason {@code slow_consumer} and drops its connection, and a reader in the same room gets every message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatSlowConsumerTest {

  private static final String SLOW = "multinode_bridge_slow_consumers_closed_total{bridge=\"sockjs\"}";

  private Multinode node;
  private Vertx client;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("slow@chat");
    client = Vertx.vertx();
  }

  @AfterAll
  void stop() {
    await(client.close());
    await(node.close());
  }

  @Test
  void aBrowserThatStopsReadingIsClosedWhileTheOthersGetEveryMessage() throws IOException {
    try (BridgeClient reader = BridgeClient.connect(client, node.httpPort());
         Socket frozen = new Socket("127.0.0.1", node.httpPort())) {
      reader.keepAlive(client);
      reader.register("flood");
      assertThat(reader.request(BridgeClient.join("flood", "reader")).getString("type")).isEqualTo("rec");
      // a WebSocket client in plain blocking Java: it joins the room, then reads nothing more
      OutputStream out = handshake(frozen);
      out.write(textFrame(new JsonObject().put("type", "register").put("address", ChatAddresses.room("flood")).encode()));
      out.write(textFrame(new JsonObject().put("type", "send").put("address", ChatAddresses.REQUESTS)
        .put("body", BridgeClient.join("flood", "frozen")).encode()));
      Poll.until(Duration.ofSeconds(10), "both are in the room", () -> node.chat().presence("flood").size() == 2);
      String padding = "x".repeat(1_900);
      int sent = 0;
      // until the node gives up on the frozen client: the kernel's buffers and 1 Mi characters fill first
      while (metric(SLOW) == 0 && sent < 50_000) {
        // a hundred posts at a time: the reader, which reads all along, is sent them as fast as the node can
        List<Future<?>> posts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          posts.add(node.chat().post("flood", "flood", "n=" + sent++ + " " + padding));
        }
        await(Future.all(posts));
        // still alive as far as the idle sweep can tell: it keeps writing, it only does not read
        if (!ping(out)) {
          break;
        }
      }
      int total = sent;

      assertThat(metric(SLOW)).as("closed after %d messages", total).isEqualTo(1);
      assertThat(total).isLessThan(50_000);
      Poll.until(Duration.ofSeconds(5), "the frozen socket is gone", () -> metric("multinode_chat_sockets") == 1);
      assertThat(Sockets.readsToTheEnd(frozen, Duration.ofSeconds(20))).as("the frozen client's connection was dropped").isTrue();
      Poll.until(Duration.ofSeconds(30), "the reader's last message", () -> reader.events("message").stream()
        .anyMatch(m -> m.getString("text").startsWith("n=" + (total - 1) + " ")));
      assertThat(reader.events("message")).hasSize(total);
    }
  }

  /** Whether the frozen client's ping went out: once the node has dropped its connection, the write may fail. */
  private static boolean ping(OutputStream out) {
    try {
      out.write(textFrame("{\"type\":\"ping\"}"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static OutputStream handshake(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET /eventbus/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return out;
  }

  /** A client's text frame: masked, with a zero mask so the payload goes as it is. */
  private static byte[] textFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    assertThat(payload.length).isLessThan(65_536);
    boolean small = payload.length < 126;
    byte[] frame = new byte[(small ? 2 : 4) + 4 + payload.length];
    frame[0] = (byte) 0x81;
    if (small) {
      frame[1] = (byte) (0x80 | payload.length);
    } else {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >> 8);
      frame[3] = (byte) payload.length;
    }
    System.arraycopy(payload, 0, frame, frame.length - payload.length, payload.length);
    return frame;
  }

  private double metric(String name) {
    return Metrics.value(node.adminPort(), name);
  }
}
