package multinode.invoke.impl;

import ch.qos.logback.classic.Level;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.test.LogCapture;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spawned task's output channel on a real event loop, with the caller an event-bus consumer: what the
 * caller gets, and in which order.
 */
class OutputChannelTest {

  private static final String CALLER = "multinode.test.output";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aLinePrintedOnAnotherThreadBeforeTheTaskEndedReachesTheCallerBeforeTheEnd() throws Exception {
    List<JsonObject> frames = callerFrames();
    Context context = vertx.getOrCreateContext();
    OutputChannel channel = new OutputChannel(context, "printer", CALLER, 1, "caller", () -> { }, () -> { });
    context.runOnContext(v -> {
      // a line printed on another thread (as evaluated code prints) while the context is busy, and the
      // task's end reaching the context before that line's own turn on it
      Thread printer = new Thread(() -> channel.println("printed elsewhere"));
      printer.start();
      try {
        printer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channel.finish(Outcome.success(null));
    });

    awaitEnd(frames);
    assertThat(frames).extracting(f -> f.getString("type")).containsExactly(Frames.OUTPUT, Frames.END);
    assertThat(frames.get(0).getJsonArray("lines")).containsExactly("printed elsewhere");
    assertThat(frames.get(1).getLong("seq")).as("the end counts the batch").isEqualTo(1);
  }

  @Test
  void linesPrintedAfterTheEndAreToldOfInOneWarnAndNotSent() throws Exception {
    List<JsonObject> frames = callerFrames();
    Context context = vertx.getOrCreateContext();
    OutputChannel channel = new OutputChannel(context, "leaky", CALLER, 2, "caller", () -> { }, () -> { });
    try (LogCapture logged = LogCapture.of(OutputChannel.class)) {
      context.runOnContext(v -> {
        channel.println("before the end");
        channel.finish(Outcome.success(null));
      });
      awaitEnd(frames);
      // a thread the task left running goes on printing
      Thread printer = new Thread(() -> {
        channel.println("after the end, " + "x".repeat(100));
        channel.println("after the end, again");
      });
      printer.start();
      printer.join();

      Poll.until(Duration.ofSeconds(10), "the WARN", () -> !logged.lines().isEmpty());
      // one more line on the context itself, after the others: a second WARN would be logged with it
      CompletableFuture<Void> printed = new CompletableFuture<>();
      context.runOnContext(v -> {
        channel.println("and once more");
        printed.complete(null);
      });
      printed.get(10, TimeUnit.SECONDS);
      assertThat(logged.levels()).containsExactly(Level.WARN);
      assertThat(logged.lines()).containsExactly("invoke: task leaky printed after it ended; what a task prints after its end "
        + "does not reach its caller (the first such line: \"after the end, " + "x".repeat(65) + "…\")");
      assertThat(frames).extracting(f -> f.getString("type")).containsExactly(Frames.OUTPUT, Frames.END);
      assertThat(frames.get(0).getJsonArray("lines")).containsExactly("before the end");
    }
  }

  @Test
  void aCancelledTasksLaterLinesAreDroppedQuietly() throws Exception {
    Context context = vertx.getOrCreateContext();
    OutputChannel channel = new OutputChannel(context, "cancelled", CALLER, 3, "caller", () -> { }, () -> { });
    try (LogCapture logged = LogCapture.of(OutputChannel.class)) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      context.runOnContext(v -> {
        channel.abort(Outcome.success(null));
        channel.println("after the cancel");
        done.complete(null);
      });
      done.get(10, TimeUnit.SECONDS);

      assertThat(logged.lines()).isEmpty();
    }
  }

  /** What the caller is sent, as a consumer of {@link #CALLER} receives it. */
  private List<JsonObject> callerFrames() throws Exception {
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(CALLER, message -> frames.add(message.body())).completion()
      .await(10, TimeUnit.SECONDS);
    return frames;
  }

  private static void awaitEnd(List<JsonObject> frames) {
    Poll.until(Duration.ofSeconds(10), "the end frame", () -> frames.stream().anyMatch(f -> Frames.END.equals(f.getString("type"))));
  }
}
