package multinode.node.impl;

import org.slf4j.Logger;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Says a refused TLS handshake once a window rather than once a connection. A node whose certificate
 * another CA signed stays a Hazelcast member and opens a new event-bus connection for each message it
 * sends; every refusal was an ERROR line of its own, the same line 16 times in 5 s in one test. Now the
 * first passes as Vert.x wrote it, the same line again within the window is counted, and the first one
 * after the window says how many were held back since the line before it
 * ({@code … (12 more since 20:03:58.763)}) and opens the next window.
 * <p>
 * Nothing runs between refusals: a count is said by the next refusal, so the last window's count stays
 * unsaid when the refusals stop.
 */
final class RepeatedRefusals {

  /** Lines watched at once; past it (a refusal from every address of a scan, say) lines pass as they come. */
  private static final int MAX_LINES = 64;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  /** Since when a line's window runs (the clock's milliseconds), and how many were held back in it. */
  private record Window(long since, int heldBack) {
  }

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final long windowMs;
  private final LongSupplier clock;
  private final Logger log;

  /** {@code clock}: wall-clock milliseconds, as {@code System::currentTimeMillis}. */
  RepeatedRefusals(long windowMs, LongSupplier clock, Logger log) {
    this.windowMs = windowMs;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Whether this line passes as it is. A repeat within the window does not; nor does the first after a
   * window that held some back, which is said here with their count instead.
   */
  boolean passes(String line) {
    if (!windows.containsKey(line) && windows.size() >= MAX_LINES) {
      return true;
    }
    long now = clock.getAsLong();
    Window[] before = new Window[1];
    Window after = windows.compute(line, (key, window) -> {
      before[0] = window;
      return window == null || now - window.since() >= windowMs ? new Window(now, 0)
        : new Window(window.since(), window.heldBack() + 1);
    });
    if (after.heldBack() > 0) {
      return false;
    }
    if (before[0] != null && before[0].heldBack() > 0) {
      log.error("{} ({} more since {})", line, before[0].heldBack(),
        LocalTime.ofInstant(Instant.ofEpochMilli(before[0].since()), ZoneId.systemDefault()).format(TIME));
      return false;
    }
    return true;
  }
}
