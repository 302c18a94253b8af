package multinode.bridge.impl;

import multinode.bridge.BridgeStats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What one bridge's sockets count together, for {@code /metrics}. */
public final class BridgeCounters implements BridgeStats {

  final AtomicInteger clients = new AtomicInteger();
  final LongAdder rejected = new LongAdder();
  final LongAdder slowConsumers = new LongAdder();

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
}
