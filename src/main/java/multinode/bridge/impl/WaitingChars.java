package multinode.bridge.impl;

import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What waits for the client of a transport that writes through Vert.x ({@code NetSocket},
 * {@code SockJSSocket}): each frame's characters, from its write until the write's future completes (its
 * bytes reached the kernel, or never will). From any thread.
 */
final class WaitingChars {

  private final AtomicLong chars = new AtomicLong();

  /** Writes {@code frame} with {@code write}, counted as waiting until the future it returns completes. */
  void write(Frame frame, Supplier<Future<Void>> write) {
    int size = frame.text().length();
    // counted first: the write may complete before it returns
    chars.addAndGet(size);
    write.get().onComplete(ar -> chars.addAndGet(-size));
  }

  /** The characters waiting now. */
  long chars() {
    return chars.get();
  }
}
