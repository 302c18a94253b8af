package multinode.bridge.impl;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import multinode.bridge.impl.WebSocketWrites.Out;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event loop's sockets: the frames written to any of them, in one queue in the order written, taken
 * once per turn of the loop in which some are written; then each socket owed frames is written, or waits
 * for its window, and the first of those that wait is written by a timer when it is due.
 */
final class EventLoopWrites implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(WebSocketWrites.class);

  /** A frame in this loop's queue, or (no frame) the socket's close. */
  private record Handed(Out out, Frame frame) {
  }

  private final EventLoop eventLoop;
  /** The sockets' window, and what a window may hold ({@link WebSocketWrites}). */
  final long windowNanos;
  final int maxHeldChars;
  private final Queue<Handed> handed = PlatformDependent.newMpscQueue();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** Sockets that took frames in this turn; on the event loop only. */
  private final List<Out> owed = new ArrayList<>();
  /** Sockets written less than a window ago, waiting for it to pass; on the event loop only. */
  private final ArrayDeque<Out> waiting = new ArrayDeque<>();
  /** When the sockets that wait are written; null while none waits. On the event loop only. */
  private ScheduledFuture<?> timer;
  /** Whether the loop is taking frames or writing sockets, which a frame written meanwhile must not disturb. */
  private boolean running;

  EventLoopWrites(EventLoop eventLoop, long windowNanos, int maxHeldChars) {
    this.eventLoop = eventLoop;
    this.windowNanos = windowNanos;
    this.maxHeldChars = maxHeldChars;
  }

  /** A frame for {@code out}, or (null) its close. */
  void hand(Out out, Frame frame) {
    if (eventLoop.inEventLoop() && !running && handed.isEmpty()) {
      // written on the loop itself with nothing before it from elsewhere: taken now, written at the end of the turn
      out.take(frame);
    } else {
      handed.offer(new Handed(out, frame));
    }
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      eventLoop.execute(this);
    }
  }

  /** On the event loop: {@code out} took frames in this turn, and is written, or waits, at its end. */
  void owe(Out out) {
    owed.add(out);
  }

  @Override
  public void run() {
    // cleared first: a frame written from now on schedules the loop again
    scheduled.set(false);
    running = true;
    Handed next;
    for (int taken = 0; taken < WebSocketWrites.MAX_TAKEN_PER_TURN && (next = handed.poll()) != null; taken++) {
      next.out().take(next.frame());
    }
    long now = eventLoop.ticker().nanoTime();
    for (Out out : owed) {
      out.owed = false;
      if (!out.waits(now)) {
        flush(out, now);
      } else if (!out.inWaiting) {
        out.inWaiting = true;
        waiting.add(out);
      }
    }
    owed.clear();
    running = false;
    if (!handed.isEmpty() && scheduled.compareAndSet(false, true)) {
      // more than a turn's worth: the rest after the loop's other work
      eventLoop.execute(this);
    }
    awaitFirstDue(now);
  }

  /**
   * The timer: every waiting socket due within a quarter window is written now (those of one room event
   * were written together, and are due together); the others wait on.
   */
  private void writeDue() {
    timer = null;
    running = true;
    long now = eventLoop.ticker().nanoTime();
    for (int i = waiting.size(); i > 0; i--) {
      Out out = waiting.poll();
      if (out.waits(now + windowNanos / 4)) {
        waiting.add(out);
      } else {
        out.inWaiting = false;
        flush(out, now);
      }
    }
    running = false;
    awaitFirstDue(now);
  }

  /** One socket's flush; a socket that fails it leaves the others of the loop, and the timer, as they were. */
  private static void flush(Out out, long now) {
    try {
      out.flush(now);
    } catch (RuntimeException e) {
      log.warn("a WebSocket's frames could not be written: {}", e.toString());
    }
  }

  private void awaitFirstDue(long now) {
    if (timer != null || waiting.isEmpty()) {
      return;
    }
    long first = Long.MAX_VALUE;
    for (Out out : waiting) {
      first = Math.min(first, out.due() - now);
    }
    timer = eventLoop.schedule(this::writeDue, Math.max(0, first), TimeUnit.NANOSECONDS);
  }
}
