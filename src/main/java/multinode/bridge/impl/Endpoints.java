package multinode.bridge.impl;

import io.vertx.core.Future;
import multinode.bridge.BridgePermissions.Access;

/**
 * What the addresses a policy allows do, for one socket: the part where the two bridges differ. Called
 * on the socket's context, only for what its policy allowed.
 */
interface Endpoints {

  /**
   * Starts handing the address's events to the socket; completing the returned action stops it.
   *
   * @param access what the policy says the address is
   */
  Future<Runnable> register(Access access, String address);

  /**
   * A {@code send} ({@code wantsReply} when it came with a reply address) or a {@code publish}.
   *
   * @return the reply's body, or null for {@code {"ok":true}}
   */
  Future<?> send(Access access, String address, Object body, boolean wantsReply);

  /** The socket closed: let go of everything it held. */
  void close();
}
