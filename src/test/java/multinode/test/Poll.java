package multinode.test;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it until a deadline (Awaitility): the tests' only way of waiting. */
public final class Poll {

  private static final Duration INTERVAL = Duration.ofMillis(20);

  private Poll() {
  }

  /**
   * Returns as soon as {@code condition} holds.
   *
   * @throws org.awaitility.core.ConditionTimeoutException naming {@code what} when the deadline passes first
   */
  public static void until(Duration deadline, String what, BooleanSupplier condition) {
    Awaitility.await(what)
      .atMost(deadline)
      .pollDelay(Duration.ZERO)
      .pollInterval(INTERVAL)
      .until(condition::getAsBoolean);
  }
}
