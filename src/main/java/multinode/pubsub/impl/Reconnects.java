package multinode.pubsub.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How an adapter through a server tries to reach it again: after {@value #FIRST_MS} ms, the wait doubling
 * after each failed try up to a ceiling, and from {@value #FIRST_MS} ms again once a try succeeded. The
 * ceiling bounds how long delivery stays down after the server is back. No try is made once the adapter
 * has stopped.
 */
public final class Reconnects {

  /** The first wait, and the wait again after a success. */
  public static final long FIRST_MS = 100;

  private final Vertx vertx;
  private final long maxMs;
  private final Supplier<Future<Void>> attempt;
  private final BooleanSupplier stopped;
  private long nextMs = FIRST_MS;

  /**
   * @param maxMs the longest wait between two tries
   * @param attempt one try, failing when the server cannot be reached
   * @param stopped whether the adapter has stopped
   */
  public Reconnects(Vertx vertx, long maxMs, Supplier<Future<Void>> attempt, BooleanSupplier stopped) {
    this.vertx = vertx;
    this.maxMs = maxMs;
    this.attempt = attempt;
    this.stopped = stopped;
  }

  /** Tries after the current wait, and again after each failure, until a try succeeds. */
  public void later() {
    if (stopped.getAsBoolean()) {
      return;
    }
    long delay = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    vertx.setTimer(delay, id -> now());
  }

  /** Tries at once, and as {@link #later()} after a failure. */
  public void now() {
    if (!stopped.getAsBoolean()) {
      attempt.get().onFailure(e -> later());
    }
  }

  /** A try succeeded: the next outage starts from the first wait again. */
  public void connected() {
    nextMs = FIRST_MS;
  }
}
