package multinode.invoke.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
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
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(CALLER, message -> frames.add(message.body())).completion()
      .await(10, TimeUnit.SECONDS);
    Context context = vertx.getOrCreateContext();
    OutputChannel channel = new OutputChannel(context, CALLER, 1, "caller", () -> { }, () -> { });
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

    Poll.until(Duration.ofSeconds(10), "the end frame", () -> frames.stream().anyMatch(f -> Frames.END.equals(f.getString("type"))));
    assertThat(frames).extracting(f -> f.getString("type")).containsExactly(Frames.OUTPUT, Frames.END);
    assertThat(frames.get(0).getJsonArray("lines")).containsExactly("printed elsewhere");
    assertThat(frames.get(1).getLong("seq")).as("the end counts the batch").isEqualTo(1);
  }
}
