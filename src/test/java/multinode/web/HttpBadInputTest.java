package multinode.web;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HTTP API answers to bad input, sent byte for byte as a hostile client would (no client-side
 * path normalisation): paths that climb out of the web root, huge headers, oversized and malformed
 * bodies. Each gets a 4xx and the node keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpBadInputTest {

  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("bad-input@web");
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../conf/multinode.json", "/%2e%2e/conf/multinode.json", "/..%2fpom.xml", "/vendor/../../pom.xml",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..\\\\..\\\\pom.xml", "/webroot/../pom.xml"})
  void pathsThatClimbOutOfTheWebRootFindNothing(String path) throws IOException {
    String response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 404").contains("\"error\":\"not_found\"")
      .doesNotContain("cookie", "root:", "<project");
  }

  @Test
  void aHugeHeaderIsRefusedAndTheNodeKeepsServing() throws IOException {
    String response = raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 431");
    assertThat(new Http(node.httpPort()).get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedAndMalformedBodiesGetTheirCodes() {
    Http http = new Http(node.adminPort());

    Http.assertError(http.post("/api/pubsub/t", "a".repeat(10_000_000)), 413, "too_large");
    Http.assertError(http.post("/api/pubsub/t", "{bad"), 400, "invalid_json");
    Http.assertError(http.post("/api/chat/rooms/lobby/messages", "[1]"), 400, "invalid_json");
    Http.assertError(http.post("/api/chat/rooms/lobby/messages", "{\"text\":42}"), 400, "invalid_message");
    Http.assertError(http.get("/api/nope"), 404, "not_found");
    assertThat(http.get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void anH2cUpgradeRequestGetsItsWholeAnswerOverHttp11() throws IOException {
    // 300 members make an answer of about 70 KB, past the 16 KiB at which an h2c upgrade's answer used to hang
    for (int i = 0; i < 300; i++) {
      await(node.groups().join("big", await(node.groups().member(m -> { }, new io.vertx.core.json.JsonObject()))));
    }
    try (Socket socket = new Socket("127.0.0.1", node.adminPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /api/groups/big HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.read());
      }
      java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
      assertThat(head.toString()).startsWith("HTTP/1.1 200");
      assertThat(length.find()).as(head.toString()).isTrue();
      byte[] body = new byte[Integer.parseInt(length.group(1))];
      in.readFully(body);

      assertThat(body.length).isGreaterThan(16 * 1024);
      assertThat(new io.vertx.core.json.JsonObject(new String(body, StandardCharsets.UTF_8)).getJsonArray("members")).hasSize(300);
    }
  }

  /** Sends the request's bytes as they are and reads the answer to the end. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
