package multinode.bridge.impl;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the TCP bridge's sockets count together, for {@code /metrics}. */
final class BridgeCounters {

  /** Clients connected now. */
  final AtomicInteger clients = new AtomicInteger();
  /** Frames refused with an {@code err} frame, ever. */
  final LongAdder rejected = new LongAdder();
  /** Clients closed because they stopped reading, ever. */
  final LongAdder slowConsumers = new LongAdder();
}
