package multinode.invoke.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import multinode.invoke.TaskOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A spawned task's output on its way to the caller.
 * <p>
 * Lines are queued and sent at the end of the current event-loop turn in batches of up to
 * {@value #BATCH_LINES} lines or {@value #BATCH_CHARS} characters. At most {@value #WINDOW} batches
 * are unacknowledged at a time; the caller acknowledges a batch once its handler had it, so a paused or
 * slow caller stops the sending and the lines wait here (where {@link #writeQueueFull()} tells the task).
 * The end frame follows the last batch, and a line printed before the task ended is in a batch before
 * it, from whichever thread it was printed. A line printed after the end (by a thread the task left
 * running) has nowhere to go: the node says so in one WARN per task. All state but the lines printed on
 * other threads is touched on the task's context only.
 */
final class OutputChannel implements TaskOutput {

  private static final Logger log = LoggerFactory.getLogger(OutputChannel.class);
  /** How much of the first line printed after the end the WARN quotes. */
  private static final int QUOTED_CHARS = 80;

  static final int WINDOW = 8;
  static final int BATCH_LINES = 512;
  static final int BATCH_CHARS = 32 * 1024;
  private static final int HIGH_WATER_CHARS = 256 * 1024;

  private final Context context;
  private final String task;
  private final EventBus bus;
  private final String address;
  private final long id;
  private final String caller;
  private final Runnable overflow;
  private final Runnable done;
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  /** Lines printed on threads other than the context's, not yet in {@link #pending}. */
  private final Queue<String> printedElsewhere = new ConcurrentLinkedQueue<>();
  private long pendingChars;
  private long sent;
  private long acked;
  private boolean flushScheduled;
  private boolean full;
  private Handler<Void> drainHandler;
  private Outcome end;
  private boolean closed;
  /** Whether the task ran to its end (not cancelled, its caller not gone): a line printed after it is told of. */
  private boolean finished;
  private boolean toldLate;

  /**
   * @param task the task's name, for the log
   * @param overflow called once if the task gets {@value TaskOutput#MAX_BUFFERED_CHARS} characters ahead
   * @param done called once the end frame was sent or the channel closed
   */
  OutputChannel(Context context, String task, String address, long id, String caller, Runnable overflow, Runnable done) {
    this.context = context;
    this.task = task;
    this.bus = context.owner().eventBus();
    this.address = address;
    this.id = id;
    this.caller = caller;
    this.overflow = overflow;
    this.done = done;
  }

  @Override
  public void println(String line) {
    if (!Contexts.isOn(context)) {
      // queued here at once, not in a task for the context: the task's end, which may reach the context
      // first, takes these lines before it
      printedElsewhere.add(String.valueOf(line));
      context.runOnContext(v -> takePrintedElsewhere());
      return;
    }
    takePrintedElsewhere();
    if (!queue(String.valueOf(line))) {
      throw new IllegalStateException("output overflow: more than " + MAX_BUFFERED_CHARS
        + " characters wait for the caller (check writeQueueFull())");
    }
  }

  /** Queues the lines printed on other threads, in the order they were printed. */
  private void takePrintedElsewhere() {
    for (String line = printedElsewhere.poll(); line != null; line = printedElsewhere.poll()) {
      if (!queue(line)) {
        printedElsewhere.clear();
      }
    }
  }

  /** Queues a line to send; false (and the task stopped) when too much waits for the caller. */
  private boolean queue(String text) {
    if (closed || end != null) {
      if (finished && !toldLate) {
        toldLate = true;
        log.warn("invoke: task {} printed after it ended; what a task prints after its end does not reach its caller "
          + "(the first such line: \"{}\")", task, text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "…" : text);
      }
      return true;
    }
    // a line costs its newline too, so that a flood of empty lines is bounded as well
    if (pendingChars + text.length() + 1 > MAX_BUFFERED_CHARS) {
      overflow.run();
      return false;
    }
    pending.add(text);
    pendingChars += text.length() + 1;
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
    return true;
  }

  @Override
  public boolean writeQueueFull() {
    if (pendingChars >= HIGH_WATER_CHARS) {
      full = true;
    }
    return full;
  }

  @Override
  public TaskOutput drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  /** The caller has handed every batch up to {@code seq} to its handler. */
  void acknowledged(long seq) {
    acked = Math.max(acked, seq);
    flush();
  }

  /** Sends the end frame once every queued line has been sent, those printed on other threads included. */
  void finish(Outcome outcome) {
    takePrintedElsewhere();
    end = outcome;
    finished = !closed;
    flush();
  }

  /** Drops queued lines and sends nothing more: the caller is gone. */
  void close() {
    closed = true;
    printedElsewhere.clear();
    pending.clear();
    pendingChars = 0;
    done.run();
  }

  /** Drops queued lines and sends the end frame now (a cancelled task's output no longer matters). */
  void abort(Outcome outcome) {
    printedElsewhere.clear();
    pending.clear();
    pendingChars = 0;
    finish(outcome);
    finished = false;
  }

  private void flush() {
    flushScheduled = false;
    if (closed) {
      return;
    }
    while (!pending.isEmpty() && sent - acked < WINDOW) {
      sendBatch();
    }
    if (full && pendingChars < HIGH_WATER_CHARS / 2) {
      full = false;
      Handler<Void> handler = drainHandler;
      if (handler != null) {
        handler.handle(null);
      }
    }
    if (end != null && pending.isEmpty()) {
      closed = true;
      bus.send(address, Frames.end(id, caller, sent, end));
      done.run();
    }
  }

  private void sendBatch() {
    List<String> lines = new ArrayList<>(Math.min(pending.size(), BATCH_LINES));
    int chars = 0;
    while (!pending.isEmpty() && lines.size() < BATCH_LINES
      && (lines.isEmpty() || chars + pending.peek().length() + 1 <= BATCH_CHARS)) {
      String line = pending.poll();
      chars += line.length() + 1;
      lines.add(line);
    }
    pendingChars -= chars;
    bus.send(address, Frames.output(id, caller, ++sent, lines));
  }

  /** Output that goes nowhere: what a call's task prints. */
  static final TaskOutput DISCARD = new TaskOutput() {
    @Override
    public void println(String line) {
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public TaskOutput drainHandler(Handler<Void> handler) {
      return this;
    }
  };
}
