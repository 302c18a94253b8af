package multinode.node.impl;

import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Says a refused TLS handshake once a window rather than once a connection. A node whose certificate
 * another CA signed stays a Hazelcast member and opens a new event-bus connection for each message it
 * sends; every refusal was an ERROR line of its own, the same line 16 times in 5 s in one test. Now the
 * first says it as Vert.x wrote it; the same line again within the window is counted, and said once at
 * the window's end with its count ({@code … (15 more in the last 60 s)}), which opens the next window.
 * A window without one lets the line go, so the next refusal is said at once again.
 */
final class RepeatedRefusals {

  /** Lines watched at once; past it (a refusal from every address of a scan, say) lines are said as they come. */
  private static final int MAX_LINES = 64;

  private final Map<String, Integer> repeats = new ConcurrentHashMap<>();
  private final ScheduledExecutorService later;
  private final long windowMs;
  private final Logger log;

  RepeatedRefusals(ScheduledExecutorService later, long windowMs, Logger log) {
    this.later = later;
    this.windowMs = windowMs;
    this.log = log;
  }

  /** Whether to hold back this line: the same was said within the window, and it is counted instead. */
  boolean heldBack(String line) {
    if (!repeats.containsKey(line) && repeats.size() >= MAX_LINES) {
      return false;
    }
    boolean[] first = {false};
    repeats.compute(line, (key, count) -> {
      first[0] = count == null;
      return first[0] ? 0 : count + 1;
    });
    if (first[0]) {
      later.schedule(() -> tally(line), windowMs, TimeUnit.MILLISECONDS);
    }
    return !first[0];
  }

  /** Whether this line is being counted: said within the window. */
  boolean watches(String line) {
    return repeats.containsKey(line);
  }

  /** The window's end: its count said, and the next window opened, or the line let go if none came. */
  private void tally(String line) {
    int[] counted = {0};
    repeats.compute(line, (key, count) -> {
      counted[0] = count;
      return count == 0 ? null : 0;
    });
    if (counted[0] > 0) {
      log.error("{} ({} more in the last {})", line, counted[0],
        windowMs % 1000 == 0 ? windowMs / 1000 + " s" : windowMs + " ms");
      later.schedule(() -> tally(line), windowMs, TimeUnit.MILLISECONDS);
    }
  }
}
