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
    Http http = new Http(node.httpPort());

    Http.assertError(http.post("/api/pubsub/t", "a".repeat(10_000_000)), 413, "too_large");
    Http.assertError(http.post("/api/pubsub/t", "{bad"), 400, "invalid_json");
    Http.assertError(http.post("/api/chat/rooms/lobby/messages", "[1]"), 400, "invalid_json");
    Http.assertError(http.post("/api/chat/rooms/lobby/messages", "{\"text\":42}"), 400, "invalid_message");
    Http.assertError(http.get("/api/nope"), 404, "not_found");
    assertThat(http.get("/health").statusCode()).isEqualTo(200);
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
