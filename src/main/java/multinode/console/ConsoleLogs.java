package multinode.console;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * While an interactive console runs, the node's log lines (its warnings: the console logs nothing below
 * WARN) are printed above the prompt, as messages are, instead of onto the line being typed. On close the
 * node's own appender is back.
 */
final class ConsoleLogs implements AutoCloseable {

  /** The node's appender, which the console's lines replace. */
  private static final String APPENDER = multinode.Logging.APPENDER;

  private final Logger root;
  private final Appender<ILoggingEvent> replaced;
  private final Appender<ILoggingEvent> above;

  private ConsoleLogs(Logger root, Appender<ILoggingEvent> replaced, Appender<ILoggingEvent> above) {
    this.root = root;
    this.replaced = replaced;
    this.above = above;
  }

  /** Sends every log line to {@code print} (without its line break) until closed; does nothing without logback. */
  static ConsoleLogs above(Consumer<String> print) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new ConsoleLogs(null, null, null);
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> replaced = root.getAppender(APPENDER);
    if (!(replaced instanceof OutputStreamAppender<ILoggingEvent> stream)
      || !(stream.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder)) {
      return new ConsoleLogs(null, null, null);
    }
    Layout<ILoggingEvent> layout = encoder.getLayout();
    AppenderBase<ILoggingEvent> above = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        print.accept(layout.doLayout(event).stripTrailing());
      }
    };
    above.setContext(context);
    above.setName("console");
    above.start();
    root.addAppender(above);
    root.detachAppender(replaced);
    return new ConsoleLogs(root, replaced, above);
  }

  @Override
  public void close() {
    if (root != null) {
      root.addAppender(replaced);
      root.detachAppender(above);
      above.stop();
    }
  }
}
