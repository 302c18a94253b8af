package multinode.test;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's HTTP API as curl uses it: requests to the node's address (127.0.0.1 unless named) and port,
 * each given up after {@value #TIMEOUT_SECONDS} s, and error checks.
 */
public final class Http {

  private static final int TIMEOUT_SECONDS = 10;

  // Java's default client, which asks for an h2c upgrade: the node answers over HTTP/1.1; one for every
  // instance, on two threads of its own, so that the tests that count a node's threads count none of the
  // client's (a client per instance, or its default pool that grows under load, would add some)
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
    .executor(java.util.concurrent.Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "test-http");
      thread.setDaemon(true);
      return thread;
    })).build();
  private final String host;
  private final int port;
  private final String token;

  public Http(int port) {
    this("127.0.0.1", port);
  }

  /** The API of a node on another host. */
  public Http(String host, int port) {
    this(host, port, null);
  }

  /** The operator API of a node on another host, which asks for this token ({@code admin.token}); null for none. */
  public Http(String host, int port, String token) {
    this.host = host;
    this.port = port;
    this.token = token;
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).build());
  }

  public HttpResponse<String> post(String path, String body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build());
  }

  /** The {@code Authorization} header's value this client sends, or null. */
  public String authorization() {
    return token == null ? null : "Bearer " + token;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(TIMEOUT_SECONDS));
    return token == null ? builder : builder.header("authorization", authorization());
  }

  /** Asserts a JSON error answer: this status and {@code {"error": code}}. */
  public static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getString("error")).isEqualTo(code);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The URL of {@code path} on this node. */
  public URI uri(String path) {
    return URI.create("http://" + host + ":" + port + path);
  }
}
