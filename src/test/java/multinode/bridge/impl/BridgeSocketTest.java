package multinode.bridge.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import multinode.Token;
import multinode.bridge.BridgePermissions;
import multinode.bridge.BridgePermissions.Access;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket core both bridges share, driven with hand-made frames through a transport that records what
 * it is asked to write, and endpoints that answer as told: no node, no network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeSocketTest {

  private static final BridgeSocket.Limits LIMITS = new BridgeSocket.Limits(1024, 2, 10_000);

  private Vertx vertx;
  private Context context;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aServiceIsAnsweredInTheTcpWordsAndABrowserInTheSockJsOnes() {
    Client tcp = client(Frames.tcp(), BridgePermissions.service(List.of("events.")));
    Client browser = client(Frames.sockJs(), BridgePermissions.browser());

    tcp.send("{\"type\":\"ping\"}");
    tcp.send("{\"type\":\"send\",\"address\":\"events.x\",\"replyAddress\":\"r1\",\"body\":{\"n\":1}}");
    tcp.send("{\"type\":\"register\",\"address\":\"multinode.invoke\"}");
    browser.send("{\"type\":\"ping\"}");
    browser.send("{\"type\":\"send\",\"address\":\"multinode.chat.requests\",\"replyAddress\":\"r2\",\"body\":{\"n\":2}}");
    browser.send("{\"type\":\"publish\",\"address\":\"multinode.chat.room.lobby\",\"body\":{}}");

    assertThat(tcp.written()).containsExactly(
      new JsonObject().put("type", "pong"),
      new JsonObject().put("type", "message").put("address", "r1").put("send", true).put("body", new JsonObject().put("echo", new JsonObject().put("n", 1))),
      new JsonObject().put("type", "err").put("message", "access_denied"));
    assertThat(browser.written()).containsExactly(
      new JsonObject().put("type", "rec").put("address", "r2").put("body", new JsonObject().put("echo", new JsonObject().put("n", 2))),
      new JsonObject().put("type", "err").put("body", "access_denied"));
    assertThat(tcp.counters.rejected()).isEqualTo(1);
    assertThat(browser.counters.rejected()).isEqualTo(1);
  }

  @Test
  void aFailedRequestReachesItsReplyAddressWithItsCodeAndWithoutOneAsAnErrFrame() {
    Client tcp = client(Frames.tcp(), BridgePermissions.service(List.of("events.")));
    tcp.endpoints.failure = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404, "no_such_group");

    tcp.send("{\"type\":\"send\",\"address\":\"multinode.groups.api\",\"replyAddress\":\"r\",\"body\":{}}");
    tcp.send("{\"type\":\"publish\",\"address\":\"events.x\",\"body\":{}}");

    assertThat(tcp.written()).containsExactly(
      new JsonObject().put("type", "err").put("address", "r").put("failureCode", 404)
        .put("failureType", "RECIPIENT_FAILURE").put("message", "no_such_group"),
      new JsonObject().put("type", "err").put("message", "no_such_group"));
    assertThat(tcp.counters.rejected()).as("a failed request is a refusal too, with or without a reply address").isEqualTo(2);
  }

  @Test
  void registrationsAreKeptUpToTheLimitAndUndoneOnUnregisterAndClose() {
    Client tcp = client(Frames.tcp(), BridgePermissions.service(List.of("events.")));

    tcp.send("{\"type\":\"register\",\"address\":\"events.a\",\"replyAddress\":\"r\"}");
    tcp.send("{\"type\":\"register\",\"address\":\"events.a\"}");
    tcp.send("{\"type\":\"register\",\"address\":\"events.b\"}");
    tcp.send("{\"type\":\"register\",\"address\":\"events.c\"}");
    tcp.send("{\"type\":\"unregister\",\"address\":\"events.a\"}");
    tcp.send("{\"type\":\"unregister\",\"address\":\"events.a\"}");
    tcp.send("{\"type\":\"register\",\"address\":\"events.c\"}");

    assertThat(tcp.written()).containsExactly(
      new JsonObject().put("type", "message").put("address", "r").put("send", true).put("body", new JsonObject().put("registered", "events.a")),
      new JsonObject().put("type", "err").put("message", "max_handlers_reached"),
      new JsonObject().put("type", "err").put("message", "not_registered"));
    assertThat(tcp.endpoints.registered).containsExactly("events.a", "events.b", "events.c");
    assertThat(tcp.endpoints.undone).containsExactly("events.a");

    tcp.close();
    assertThat(tcp.endpoints.undone).containsExactlyInAnyOrder("events.a", "events.b", "events.c");
    assertThat(tcp.endpoints.closed).isEqualTo(1);
    assertThat(tcp.counters.clients()).isZero();
  }

  @Test
  void aClientThatDoesNotReadIsDroppedOnceItsFramesPassTheBound() {
    Client browser = client(Frames.sockJs(), BridgePermissions.browser());
    browser.transport.completes = false;
    String text = "x".repeat(1_000);

    for (int n = 0; n < 20; n++) {
      browser.endpoints.deliver.accept("multinode.chat.room.lobby", new JsonObject().put("n", n).put("text", text));
    }

    Poll.until(Duration.ofSeconds(10), "the socket let go", () -> browser.endpoints.closed == 1);
    assertThat(browser.transport.dropped).containsExactly("slow_consumer");
    assertThat(browser.written()).hasSizeLessThan(10);
    assertThat(browser.counters.slowConsumersClosed()).isEqualTo(1);
    assertThat(browser.counters.clients()).isZero();
  }

  @Test
  void aBridgeWithATokenServesAClientOnlyAfterItsAuthFrameCarriesIt() {
    Client right = client(Frames.tcp(), BridgePermissions.service(List.of("events.")), "a-token-of-16-chars");
    right.send("{\"type\":\"auth\",\"token\":\"a-token-of-16-chars\",\"replyAddress\":\"a\"}");
    right.send("{\"type\":\"send\",\"address\":\"events.x\",\"replyAddress\":\"r\",\"body\":{\"n\":1}}");
    assertThat(right.written()).containsExactly(
      new JsonObject().put("type", "message").put("address", "a").put("send", true).put("body", new JsonObject().put("authenticated", true)),
      new JsonObject().put("type", "message").put("address", "r").put("send", true).put("body", new JsonObject().put("echo", new JsonObject().put("n", 1))));
    assertThat(right.transport.dropped).isEmpty();

    for (String first : List.of("{\"type\":\"auth\",\"token\":\"a-token-of-16-charZ\"}", "{\"type\":\"auth\"}",
        "{\"type\":\"publish\",\"address\":\"events.x\",\"body\":{}}", "not json")) {
      Client wrong = client(Frames.tcp(), BridgePermissions.service(List.of("events.")), "a-token-of-16-chars");
      wrong.send(first);
      wrong.send("{\"type\":\"publish\",\"address\":\"events.x\",\"body\":{}}");
      assertThat(wrong.written()).as(first).containsExactly(new JsonObject().put("type", "err").put("message", "unauthorized"));
      assertThat(wrong.transport.dropped).as(first).containsExactly("unauthorized");
      assertThat(wrong.endpoints.closed).isEqualTo(1);
      assertThat(wrong.counters.unauthorized()).isEqualTo(1);
    }

    Client silent = client(Frames.tcp(), BridgePermissions.service(List.of("events.")), "a-token-of-16-chars");
    onContext(() -> {
      silent.socket.requireAuthenticated();
      return null;
    });
    assertThat(silent.transport.dropped).as("a client that never authenticates is dropped when its time is up")
      .containsExactly("unauthorized");
    onContext(() -> {
      right.socket.requireAuthenticated();
      return null;
    });
    assertThat(right.transport.dropped).isEmpty();
  }

  @Test
  void aBridgeWithoutATokenAnswersAnAuthFrameAsDone() {
    Client tcp = client(Frames.tcp(), BridgePermissions.service(List.of("events.")));
    tcp.send("{\"type\":\"auth\",\"token\":\"whatever\",\"replyAddress\":\"a\"}");
    assertThat(tcp.written()).containsExactly(new JsonObject().put("type", "message").put("address", "a").put("send", true)
      .put("body", new JsonObject().put("authenticated", true)));
  }

  @Test
  void aFrameOverTheLimitIsRefusedAndTheSocketStaysOpen() {
    Client browser = client(Frames.sockJs(), BridgePermissions.browser());

    browser.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2_000) + "\"}");
    browser.send("{\"type\":\"send\",\"address\":\"multinode.chat.requests\",\"replyAddress\":\"r\",\"body\":{}}");

    assertThat(browser.written()).containsExactly(new JsonObject().put("type", "err").put("body", "too_large"),
      new JsonObject().put("type", "rec").put("address", "r").put("body", new JsonObject().put("echo", new JsonObject())));
  }

  private Client client(Frames frames, BridgePermissions permissions) {
    return client(frames, permissions, null);
  }

  private Client client(Frames frames, BridgePermissions permissions, String token) {
    return onContext(() -> new Client(frames, permissions, token));
  }

  private <T> T onContext(Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException | AssertionError e) {
        result.completeExceptionally(e);
      }
    });
    return result.orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** One socket with its recording transport and endpoints. */
  private final class Client {

    final RecordingTransport transport = new RecordingTransport();
    final BridgeCounters counters = new BridgeCounters();
    final EchoEndpoints endpoints = new EchoEndpoints();
    final BridgeSocket socket;

    Client(Frames frames, BridgePermissions permissions, String token) {
      socket = new BridgeSocket(transport, permissions, LIMITS, frames, counters, token == null ? null : Token.of(token), deliver -> {
        endpoints.deliver = deliver;
        return endpoints;
      });
    }

    void send(String frame) {
      onContext(() -> {
        socket.frame(Buffer.buffer(frame));
        return null;
      });
    }

    void close() {
      onContext(() -> {
        socket.closed();
        return null;
      });
    }

    List<JsonObject> written() {
      return transport.frames.stream().map(JsonObject::new).toList();
    }
  }

  private static final class RecordingTransport implements BridgeSocket.Transport {

    final List<String> frames = new CopyOnWriteArrayList<>();
    final List<String> dropped = new CopyOnWriteArrayList<>();
    /** Whether what is written reaches the kernel at once; if not, it all waits. */
    volatile boolean completes = true;
    final AtomicLong waiting = new AtomicLong();

    @Override
    public void write(Frame frame) {
      frames.add(frame.text());
      if (!completes) {
        waiting.addAndGet(frame.text().length());
      }
    }

    @Override
    public long waiting() {
      return waiting.get();
    }

    @Override
    public void drop(String reason) {
      dropped.add(reason);
    }

    @Override
    public String remote() {
      return "test";
    }
  }

  /** Registers anything, answers a request with {@code {"echo": body}} or with the failure it is given. */
  private static final class EchoEndpoints implements Endpoints {

    final List<String> registered = new CopyOnWriteArrayList<>();
    final List<String> undone = new CopyOnWriteArrayList<>();
    volatile BiConsumer<String, Object> deliver;
    volatile Throwable failure;
    volatile int closed;

    @Override
    public Future<Runnable> register(Access access, String address) {
      registered.add(address);
      return Future.succeededFuture(() -> undone.add(address));
    }

    @Override
    public Future<?> send(Access access, String address, Object body, boolean wantsReply) {
      return failure != null ? Future.failedFuture(failure) : Future.succeededFuture(new JsonObject().put("echo", body));
    }

    @Override
    public void close() {
      closed++;
    }
  }
}
