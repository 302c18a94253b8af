package multinode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds the warnings and errors logged while the node starts. A start that fails is one line of its
 * own ({@code multinode: could not start the node: …}, with the cause), so what Hazelcast and Vert.x
 * logged on the way there, stack traces and all, is dropped; a start that succeeds logs what was held,
 * in order, as it would have been logged. Other levels are never held.
 */
public final class StartLog extends TurboFilter {

  private static final String FQCN = StartLog.class.getName();
  private record Held(Logger logger, LoggingEvent event) {
  }

  /** The warnings and errors held, or null when none are being held. */
  private static volatile List<Held> held;
  /** Whether warnings and errors are dropped: the start failed and the process is ending. */
  private static volatile boolean dropping;

  /** Starts holding warnings and errors: the node is starting. */
  static synchronized void hold() {
    held = new ArrayList<>();
    dropping = false;
  }

  /** The node started: logs what was held, and from now on nothing is held or dropped. */
  static void started() {
    List<Held> events;
    synchronized (StartLog.class) {
      events = held;
      held = null;
      dropping = false;
    }
    if (events != null) {
      events.forEach(h -> h.logger().callAppenders(h.event()));
    }
  }

  /**
   * The node could not start, and says why in one line: what was held is dropped, and so is what Vert.x
   * logs while it closes what it had opened (the process ends).
   */
  static synchronized void failed() {
    held = null;
    dropping = true;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // no message: an isWarnEnabled() check, which must stay true. The logger's own level, not isEnabledFor:
    // that would ask this filter again
    if (format == null || level == null || !level.isGreaterOrEqual(Level.WARN)
      || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    if (dropping) {
      return FilterReply.DENY;
    }
    if (held == null) {
      // the usual case once started, without taking the lock
      return FilterReply.NEUTRAL;
    }
    synchronized (StartLog.class) {
      if (held == null) {
        return dropping ? FilterReply.DENY : FilterReply.NEUTRAL;
      }
      held.add(new Held(logger, new LoggingEvent(FQCN, logger, level, format, t, params)));
    }
    return FilterReply.DENY;
  }
}
