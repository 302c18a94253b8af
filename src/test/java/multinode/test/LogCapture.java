package multinode.test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Stream;

/**
 * What one class (or the whole process) logs while this is open, for a test to check the lines a user
 * would read. Events arrive on the nodes' threads; the lists returned are copies taken under the
 * appender's lock.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts capturing what {@code source}'s logger logs. */
  public static LogCapture of(Class<?> source) {
    return new LogCapture((Logger) LoggerFactory.getLogger(source));
  }

  /** Starts capturing every line the process logs, whichever logger. */
  public static LogCapture everything() {
    return new LogCapture((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME));
  }

  /**
   * The warnings and errors so far, each as {@code LEVEL logger: line}. Vert.x's blocked-thread checker is
   * left out (here and in {@link #stackTraces()}): every Vert.x instance in the test JVM has one, another
   * test's included, and its lines do not say which instance the thread is of.
   */
  public List<String> warnings() {
    return attributable().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).map(LogCapture::line).toList();
  }

  /** The lines so far that carry a stack trace, whatever their level, as {@link #warnings()} says them. */
  public List<String> stackTraces() {
    return attributable().filter(event -> event.getThrowableProxy() != null).map(LogCapture::line).toList();
  }

  private Stream<ILoggingEvent> attributable() {
    return events().stream().filter(event -> !event.getLoggerName().equals("io.vertx.core.impl.BlockedThreadChecker"));
  }

  private static String line(ILoggingEvent event) {
    return event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage();
  }

  /** Every event so far, in order. */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** Every line so far, formatted as the log prints it. */
  public List<String> lines() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** The levels of the events so far. */
  public List<Level> levels() {
    return events().stream().map(ILoggingEvent::getLevel).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
