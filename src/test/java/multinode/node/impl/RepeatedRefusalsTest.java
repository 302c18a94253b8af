package multinode.node.impl;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedRefusalsTest {

  private static final String REFUSED = "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate";
  private static final long MINUTE = 60_000;

  /** 20:03:58.763 today, in this machine's zone, as the log's times are. */
  private final AtomicLong now = new AtomicLong(ZonedDateTime.now(ZoneId.systemDefault())
    .with(LocalTime.of(20, 3, 58, 763_000_000)).toInstant().toEpochMilli());
  private final ListAppender<ILoggingEvent> said = new ListAppender<>();
  private final RepeatedRefusals refusals;

  RepeatedRefusalsTest() {
    Logger log = new LoggerContext().getLogger("multinode.tls");
    said.start();
    log.addAppender(said);
    refusals = new RepeatedRefusals(MINUTE, now::get, log);
  }

  @Test
  void theFirstRefusalPassesItsRepeatsWithinTheWindowAreCountedAndTheFirstAfterItSaysTheCount() {
    assertThat(refusals.passes(REFUSED)).isTrue();
    now.addAndGet(5_000);
    assertThat(refusals.passes(REFUSED)).isFalse();
    assertThat(refusals.passes(REFUSED)).isFalse();
    now.addAndGet(MINUTE - 5_001);
    assertThat(refusals.passes(REFUSED)).isFalse();
    // another line is a line of its own
    assertThat(refusals.passes("javax.net.ssl.SSLHandshakeException: Empty client certificate chain")).isTrue();
    assertThat(lines()).isEmpty();

    now.addAndGet(1);
    assertThat(refusals.passes(REFUSED)).isFalse();
    assertThat(lines()).containsExactly(REFUSED + " (3 more since 20:03:58.763)");

    // that line opened the next window
    now.addAndGet(MINUTE - 1);
    assertThat(refusals.passes(REFUSED)).isFalse();
    now.addAndGet(1);
    assertThat(refusals.passes(REFUSED)).isFalse();
    assertThat(lines()).containsExactly(REFUSED + " (3 more since 20:03:58.763)", REFUSED + " (1 more since 20:04:58.763)");

    // after a window that held none back, the next refusal passes as Vert.x wrote it
    now.addAndGet(10 * MINUTE);
    assertThat(refusals.passes(REFUSED)).isTrue();
    assertThat(lines()).hasSize(2);
  }

  private List<String> lines() {
    return said.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
