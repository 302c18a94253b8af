package multinode.bridge.impl;

import multinode.bridge.BridgeStats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What one bridge's sockets count together, for {@code /metrics}. */
public final class BridgeCounters implements BridgeStats {

  final AtomicInteger clients = new AtomicInteger();
  final LongAdder rejected = new LongAdder();
  final LongAdder slowConsumers = new LongAdder();
  final LongAdder unauthorized = new LongAdder();
  final LongAdder sessionsRefused = new LongAdder();

  /** A new session refused at the door (the bridge's public class counts through this). */
  public void refusedSession() {
    sessionsRefused.increment();
  }

  @Override
  public int clients() {
    return clients.get();
  }

  @Override
  public long rejected() {
    return rejected.sum();
  }

  @Override
  public long slowConsumersClosed() {
    return slowConsumers.sum();
  }

  @Override
  public long unauthorized() {
    return unauthorized.sum();
  }

  @Override
  public long sessionsRefused() {
    return sessionsRefused.sum();
  }
}
