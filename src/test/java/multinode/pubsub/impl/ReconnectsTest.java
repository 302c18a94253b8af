package multinode.pubsub.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import multinode.test.Poll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void waitsDoubleUpToTheCeilingUntilATrySucceedsAndStartOverAfterIt() {
    List<Long> tries = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(4);
    Reconnects[] reconnects = new Reconnects[1];
    reconnects[0] = new Reconnects(vertx, 1_000, () -> {
      tries.add(System.nanoTime());
      if (failuresLeft.getAndDecrement() > 0) {
        return Future.failedFuture("down");
      }
      reconnects[0].connected();
      return Future.succeededFuture();
    }, () -> false);
    long start = System.nanoTime();

    reconnects[0].later();

    Poll.until(Duration.ofSeconds(10), "five tries", () -> tries.size() == 5);
    // a timer never fires early: each wait is at least 100, 200, 400, 800, then 1,000 ms (the ceiling)
    List<Long> waits = List.of(100L, 200L, 400L, 800L, 1_000L);
    long previous = start;
    for (int i = 0; i < waits.size(); i++) {
      assertThat((tries.get(i) - previous) / 1_000_000).as("wait before try %d", i + 1).isGreaterThanOrEqualTo(waits.get(i));
      previous = tries.get(i);
    }
    // after the success the next outage starts from the first wait again, not from the ceiling
    long again = System.nanoTime();
    reconnects[0].later();
    Poll.until(Duration.ofSeconds(10), "a sixth try", () -> tries.size() == 6);
    assertThat((tries.get(5) - again) / 1_000_000).isBetween(100L, 999L);
  }

  @Test
  void noTryIsMadeOnceStopped() {
    AtomicInteger tries = new AtomicInteger();
    AtomicBoolean stopped = new AtomicBoolean();
    Reconnects reconnects = new Reconnects(vertx, 200, () -> {
      tries.incrementAndGet();
      stopped.set(true);
      return Future.failedFuture("down");
    }, stopped::get);

    reconnects.now();
    reconnects.later();
    reconnects.now();

    // later() would have tried after 100 ms: none comes in four times that
    Awaitility.await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> tries.get() == 1);
  }
}
