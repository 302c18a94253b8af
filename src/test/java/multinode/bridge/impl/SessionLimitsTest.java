package multinode.bridge.impl;

import multinode.bridge.impl.SessionLimits.Verdict;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The public bridge's door, on a clock the test moves. */
class SessionLimitsTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  void anAddressOpensAtMostOneSecondsWorthAtOnceThenAtTheRate() {
    SessionLimits limits = new SessionLimits(0, 4, nanos::get);

    for (int i = 0; i < 4; i++) {
      assertThat(limits.admit("10.0.0.7")).isEqualTo(Verdict.ADMIT);
    }
    assertThat(limits.admit("10.0.0.7")).isEqualTo(Verdict.TOO_FAST);
    assertThat(limits.admit("10.0.0.8")).as("another address has its own bucket").isEqualTo(Verdict.ADMIT);
    nanos.addAndGet(250_000_000L);
    assertThat(limits.admit("10.0.0.7")).as("a quarter second later, one more").isEqualTo(Verdict.ADMIT);
    assertThat(limits.admit("10.0.0.7")).isEqualTo(Verdict.TOO_FAST);
  }

  @Test
  void anAddressHoldsAtMostItsShareAndGetsItBackAsSessionsClose() {
    SessionLimits limits = new SessionLimits(2, 0, nanos::get);

    limits.opened("10.0.0.7");
    limits.opened("10.0.0.7");
    assertThat(limits.admit("10.0.0.7")).isEqualTo(Verdict.TOO_MANY);
    limits.closed("10.0.0.7");
    assertThat(limits.admit("10.0.0.7")).isEqualTo(Verdict.ADMIT);
  }

  @Test
  void loopbackIsNeverLimitedAndZeroLiftsBoth() {
    SessionLimits limits = new SessionLimits(1, 1, nanos::get);
    SessionLimits none = new SessionLimits(0, 0, nanos::get);

    for (int i = 0; i < 100; i++) {
      limits.opened("127.0.0.1");
      assertThat(limits.admit("127.0.0.1")).isEqualTo(Verdict.ADMIT);
      assertThat(limits.admit("::1")).isEqualTo(Verdict.ADMIT);
      assertThat(none.admit("10.0.0.7")).isEqualTo(Verdict.ADMIT);
    }
  }

  @Test
  void anAddressIsForgottenOnlyOnceItHoldsNothingAndItsBucketIsFull() {
    SessionLimits limits = new SessionLimits(10, 4, nanos::get);
    limits.opened("10.0.0.7");
    for (int i = 0; i < 4; i++) {
      limits.admit("10.0.0.9");
    }

    limits.sweep();
    assertThat(limits.remembered()).as("one holds a session, the other's bucket is empty").isEqualTo(2);
    limits.closed("10.0.0.7");
    nanos.addAndGet(1_000_000_000L);
    limits.sweep();
    assertThat(limits.remembered()).isZero();
  }
}
