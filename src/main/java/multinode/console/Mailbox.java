package multinode.console;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * What arrives for the console (messages to its member, its subscriptions' broadcasts): printed as it
 * comes at the prompt, or, in a script, kept until a {@code receive} prints it, so that a script's output
 * has each message where the script asked for it. Thread-safe: messages arrive on event loops, the
 * console's thread takes them.
 */
final class Mailbox {

  private final ConsoleOutput out;
  private final ArrayDeque<String> kept = new ArrayDeque<>();
  private int arrived;

  Mailbox(ConsoleOutput out) {
    this.out = out;
  }

  /** A message for the console. */
  synchronized void arrived(String text) {
    if (out.holdsMessages()) {
      kept.add(text);
    } else {
      out.event(text);
    }
    arrived++;
    notifyAll();
  }

  /** Waits until {@code count} messages arrived since the last receive, and prints those kept. */
  synchronized void receive(int count, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (arrived < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ConsoleException("timeout: " + arrived + " of " + count + " messages arrived");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    arrived -= count;
    for (int i = 0; i < count && !kept.isEmpty(); i++) {
      out.line(kept.poll());
    }
  }
}
