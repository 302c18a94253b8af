package multinode.node.impl;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedRefusalsTest {

  private static final String REFUSED = "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate";
  private static final long WINDOW_MS = 300;

  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  private final ListAppender<ILoggingEvent> said = new ListAppender<>();
  private final RepeatedRefusals refusals;

  RepeatedRefusalsTest() {
    Logger log = new LoggerContext().getLogger("multinode.tls");
    said.start();
    log.addAppender(said);
    refusals = new RepeatedRefusals(later, WINDOW_MS, log);
  }

  @AfterEach
  void stop() {
    later.shutdownNow();
  }

  @Test
  void theFirstRefusalIsSaidTheRepeatsAreCountedAndSaidOnceAWindowUntilAWindowHasNone() {
    assertThat(refusals.heldBack(REFUSED)).isFalse();
    assertThat(refusals.heldBack(REFUSED)).isTrue();
    assertThat(refusals.heldBack(REFUSED)).isTrue();
    assertThat(refusals.heldBack(REFUSED)).isTrue();
    // another line is a line of its own
    assertThat(refusals.heldBack("javax.net.ssl.SSLHandshakeException: Empty client certificate chain")).isFalse();

    Poll.until(Duration.ofSeconds(10), "the window's count said", () -> lines().size() == 1);
    assertThat(lines()).containsExactly(REFUSED + " (3 more in the last 300 ms)");
    // the count opened the next window: a repeat in it is counted too
    assertThat(refusals.heldBack(REFUSED)).isTrue();
    Poll.until(Duration.ofSeconds(10), "the next window's count said", () -> lines().size() == 2);
    assertThat(lines().get(1)).isEqualTo(REFUSED + " (1 more in the last 300 ms)");

    // a window with none lets the line go: the next refusal is said at once, as Vert.x wrote it
    Poll.until(Duration.ofSeconds(10), "the line let go", () -> !refusals.watches(REFUSED));
    assertThat(refusals.heldBack(REFUSED)).isFalse();
    assertThat(lines()).hasSize(2);
  }

  private List<String> lines() {
    return said.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
