package multinode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartLogTest {

  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> out = new ListAppender<>();
  private final Logger logger = context.getLogger("com.hazelcast.test");

  StartLogTest() {
    StartLog filter = new StartLog();
    filter.start();
    context.addTurboFilter(filter);
    out.setContext(context);
    out.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(out);
  }

  @AfterEach
  void release() {
    StartLog.started();
  }

  @Test
  void warningsWhileStartingAreLoggedOnceStartedInOrder() {
    StartLog.hold();
    logger.warn("first {}", 1);
    logger.info("an info line is never held");
    logger.error("second", new IllegalStateException("why"));
    assertThat(logger.isWarnEnabled()).as("a check is not a warning").isTrue();
    assertThat(out.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("an info line is never held");

    StartLog.started();

    assertThat(out.list).extracting(ILoggingEvent::getFormattedMessage)
      .containsExactly("an info line is never held", "first 1", "second");
    assertThat(out.list.get(2).getThrowableProxy().getMessage()).isEqualTo("why");
    logger.warn("after the start");
    assertThat(out.list).hasSize(4);
  }

  @Test
  void aStartThatFailedDropsWhatWasHeldAndWhatFollows() {
    StartLog.hold();
    logger.error("Node creation failed", new IllegalStateException("no multicast"));
    StartLog.failed();
    logger.error("Failed to leave cluster");

    assertThat(out.list).isEmpty();
  }
}
