package multinode.invoke.impl;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;

/** Which context code runs on. */
final class Contexts {

  private Contexts() {
  }

  /**
   * Whether the current thread runs on {@code context}: event-bus handlers run on a duplicate of their
   * context, so the comparison is between the contexts they duplicate.
   */
  static boolean isOn(Context context) {
    ContextInternal current = ContextInternal.current();
    return current != null && current.unwrap() == ((ContextInternal) context).unwrap();
  }
}
