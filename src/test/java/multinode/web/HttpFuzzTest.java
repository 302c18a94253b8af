package multinode.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.LogCapture;
import multinode.test.Poll;
import multinode.test.ReliabilityLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 malformed HTTP requests, sent byte for byte, half to the public listener and half to the operator's: unknown routes and methods, paths that climb out
 * of the web root (plain, encoded, double-encoded, backslashes, NUL), bodies that are not JSON or carry
 * the wrong types, oversized bodies, huge headers, broken request lines and query strings. Every one gets
 * a 4xx with a reason (two protocol-level cases aside, see {@link #expectedOtherwise}), while 500
 * well-formed broadcasts interleaved with them all arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFuzzTest {

  private static final int REQUESTS = 10_000;
  private static final int GOOD_EVERY = 20;

  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("fuzz@web");
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @Test
  void tenThousandBadRequestsGetA4xxAndWellFormedOnesAllArrive() throws IOException {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<Integer> received = new CopyOnWriteArrayList<>();
    await(node.pubSub().subscribe("fuzz.good", m -> received.add(m.json().getInteger("n"))));
    Http http = new Http(node.adminPort());
    Map<String, Integer> statuses = new TreeMap<>();
    List<String> unexpected = new ArrayList<>();
    int good = 0;
    long rejected = 0;

    List<String> warnings;
    try (LogCapture logged = LogCapture.everything()) {
      for (int i = 0; i < REQUESTS; i++) {
        byte[] request = badRequest(random);
        String answer = send(request, i % 2 == 0 ? node.httpPort() : node.adminPort());
        String status = status(answer);
        statuses.merge(status, 1, Integer::sum);
        if (status.startsWith("4") && answer.contains("{\"error\":\"") || expectedOtherwise(request, status)) {
          rejected++;
        } else {
          unexpected.add(status + (status.startsWith("4") ? " without a JSON reason" : "") + " for "
            + new String(request, 0, Math.min(120, request.length), StandardCharsets.ISO_8859_1));
        }
        if (i % GOOD_EVERY == 0) {
          assertThat(http.post("/api/pubsub/fuzz.good", new JsonObject().put("n", good++).encode()).statusCode()).isEqualTo(202);
        }
      }
      warnings = logged.warnings();
    }
    int sent = good;
    Poll.until(Duration.ofSeconds(10), "every good broadcast arrived", () -> received.size() == sent);
    int crashes = http.get("/health").statusCode() == 200 && new Http(node.httpPort()).get("/health").statusCode() == 200 ? 0 : 1;

    assertThat(unexpected).as("answers other than a 4xx with a JSON reason (seed %d)", seed).isEmpty();
    // a client's bad request is the client's error, not the node's: nothing for the operator to act on
    assertThat(warnings).as("warnings and errors logged (seed %d)", seed).isEmpty();
    assertThat(received).containsExactlyElementsOf(IntStream.range(0, sent).boxed().toList());
    assertThat(crashes).isZero();
    ReliabilityLog.record(new JsonObject().put("interface", "HTTP API").put("tried", REQUESTS).put("rejected", rejected)
      .put("crashes", crashes).put("note", "statuses " + statuses + "; " + sent + "/" + sent
        + " well-formed broadcasts delivered alongside"));
  }

  /**
   * The two answers that are not a 4xx and still a clear refusal: an HTTP version the server does not
   * speak gets Vert.x's own 501, and a chunked body that cannot be decoded ends the connection (the stream
   * cannot be read on), as a bad frame length does on the TCP bridge.
   */
  private static boolean expectedOtherwise(byte[] request, String status) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    return text.startsWith("GET / HTTP/9.9") && status.equals("501")
      || text.contains("Transfer-Encoding: chunked\r\n\r\nzz") && status.equals("none");
  }

  /** The status code of a raw answer, or "none" when the node closed without one. */
  private static String status(String answer) {
    return answer.matches("(?s)HTTP/\\d\\.\\d \\d{3}.*") ? answer.substring(9, 12) : "none";
  }

  /** The answer's head and body (as far as its content-length), or what came before the node closed. */
  private String send(byte[] request, int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n = in.read(buffer); n > 0; n = whole(answer) ? -1 : in.read(buffer)) {
        answer.write(buffer, 0, n);
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException reset) {
      return "reset";
    }
  }

  /** Whether an answer so far has its head and as much body as the head says. */
  private static boolean whole(ByteArrayOutputStream answer) {
    String text = answer.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(text.substring(0, end));
    return !length.find() || answer.size() >= end + 4 + Integer.parseInt(length.group(1));
  }

  private static byte[] badRequest(Random random) {
    // endpoints where the bodies below are wrong (pubsub takes any JSON object, the echo task any arguments)
    String[] posts = {"/api/chat/rooms/lobby/messages", "/api/nodes/fuzz@web/tasks/no.such.task",
      "/api/nodes/fuzz@web/tasks/verticle.deploy", "/api/pubsub/a%09b",
      "/api/chat/rooms/Bad%20Room/messages", "/api/nodes/nobody/tasks/echo"};
    return switch (random.nextInt(10)) {
      case 0 -> request(List.of("GET", "DELETE", "PUT", "PATCH", "POST", "OPTIONS").get(random.nextInt(6)),
        "/api/" + word(random) + "/" + word(random), "", "");
      case 1 -> request("GET", List.of("/../conf/multinode.json", "/%2e%2e/conf/multinode.json", "/%252e%252e/pom.xml",
        "/..%5c..%5cpom.xml", "/index.html%00.json", "/vendor/../../pom.xml", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/webroot/../pom.xml", "/./../.git/config").get(random.nextInt(9)), "", "");
      case 2 -> request("POST", random.nextBoolean() ? "/api/pubsub/t" : posts[random.nextInt(posts.length)], "", garbage(random));
      case 3 -> request("POST", posts[random.nextInt(posts.length)], "", wrongTypes(random));
      case 4 -> random.nextInt(10) == 0
        ? request("POST", "/api/pubsub/t", "", "{\"text\":\"" + "x".repeat(70_000) + "\"}")
        : request("POST", "/api/chat/rooms/lobby/messages", "", "{\"text\":\"" + "x".repeat(2_001 + random.nextInt(10_000)) + "\"}");
      case 5 -> request("GET", "/health", "X-Big: " + "a".repeat(9_000 + random.nextInt(20_000)) + "\r\n", "");
      case 6 -> (List.of("GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "G\u0000T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /" + "a".repeat(5_000 + random.nextInt(10_000)) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /api/pubsub/t HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}",
        "POST /api/pubsub/t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n").get(random.nextInt(7))).getBytes(StandardCharsets.ISO_8859_1);
      case 7 -> request("POST", List.of("/api/tasks/echo?timeout=abc", "/api/tasks/echo?timeout=-1",
        "/api/groups?scope=%00", "/api/nodes/%zz/ping", "/api/groups/" + "g".repeat(300)).get(random.nextInt(5)), "", "{}");
      case 8 -> request("POST", random.nextBoolean() ? "/api/pubsub/t" : posts[random.nextInt(posts.length)], "", "text=hello&from=form");
      default -> request(List.of("GET", "POST").get(random.nextInt(2)), "/api/" + word(random) + "%" + word(random), "", "");
    };
  }

  private static byte[] request(String method, String path, String headers, String body) {
    String head = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers
      + (body.isEmpty() && !method.equals("POST") ? "" : "Content-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n";
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }

  private static String word(Random random) {
    return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
  }

  private static String garbage(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(300)];
    random.nextBytes(bytes);
    return List.of("{", "{\"text\":", "[".repeat(1 + random.nextInt(3000)), "nul", "{\"a\":1}}",
      new String(bytes, StandardCharsets.ISO_8859_1)).get(random.nextInt(6));
  }

  private static String wrongTypes(Random random) {
    return List.of(new JsonArray().add(1).encode(), "42", "\"text\"", "null", "true",
      new JsonObject().put("text", random.nextInt()).encode(), new JsonObject().put("text", new JsonArray()).encode(),
      new JsonObject().put("from", 7).put("text", "hi").encode(), new JsonObject().put("text", "").encode(),
      new JsonObject().put("text", "be\u0007ll").encode()).get(random.nextInt(10));
  }
}
