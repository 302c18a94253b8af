package multinode.node.impl;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Completable;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hazelcast's cluster manager, except for pinned addresses: addresses under a prefix that name the node
 * of their one consumer, {@code <prefix><nodeId>.<anything>}. Group members are such addresses, one per
 * member, and a node may have hundreds of thousands of them.
 * <ol>
 *   <li>A pinned address's consumer is not written to the cluster's subscription map ({@code __vertx.subs})
 *   when it registers, nor removed from it when it goes. Hazelcast's cluster manager spends one cluster
 *   write on each, so a node with 50,000 members needed 14 s to stop and 0.6 ms per member made.</li>
 *   <li>A sender resolves a pinned address to the node it names while that node is in the cluster, and to
 *   no node otherwise: a send then fails with {@code NO_HANDLERS}, as one to a consumer that is gone does.
 *   A consumer that is gone from a node that is still up gets the same answer from that node.</li>
 *   <li>Vert.x's node selector keeps each resolved address until told it changed. It is told that every
 *   address it was given has no node whenever a node leaves (so nothing is sent to a node that has gone) and
 *   whenever it holds more than {@value #MAX_RESOLVED} of them; it resolves them again at the next send.</li>
 * </ol>
 * Registrations at every other address go to Hazelcast's cluster manager as before. Thread-safe: Vert.x
 * calls it from any thread, Hazelcast from its event threads.
 */
public final class PinnedAddresses extends HazelcastClusterManager {

  static final int MAX_RESOLVED = 10_000;

  private final String prefix;
  private final Set<String> resolved = ConcurrentHashMap.newKeySet();
  private volatile RegistrationListener selector;

  /** {@code prefix} ends with the separator before the node id, e.g. {@code "multinode.groups.member."}. */
  public PinnedAddresses(Config hazelcast, String prefix) {
    super(hazelcast);
    this.prefix = prefix;
  }

  /** The node id that a pinned address names, or null when the address is not pinned. */
  String nodeOf(String address) {
    if (!address.startsWith(prefix)) {
      return null;
    }
    int end = address.indexOf('.', prefix.length());
    return end <= prefix.length() ? null : address.substring(prefix.length(), end);
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    this.selector = listener;
    super.registrationListener(listener);
  }

  @Override
  public void addRegistration(String address, RegistrationInfo registration, Completable<Void> promise) {
    if (nodeOf(address) == null) {
      super.addRegistration(address, registration, promise);
    } else {
      promise.succeed();
    }
  }

  @Override
  public void removeRegistration(String address, RegistrationInfo registration, Completable<Void> promise) {
    if (nodeOf(address) == null) {
      super.removeRegistration(address, registration, promise);
    } else {
      promise.succeed();
    }
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    String node = nodeOf(address);
    if (node == null) {
      super.getRegistrations(address, promise);
      return;
    }
    // noted before the node is looked up: a node that leaves after the look-up is forgotten with it
    resolved.add(address);
    if (!node.equals(getNodeId()) && !getNodes().contains(node)) {
      resolved.remove(address);
      promise.succeed(List.of());
    } else {
      promise.succeed(List.of(new RegistrationInfo(node, 0, false)));
      if (resolved.size() > MAX_RESOLVED) {
        forgetResolved();
      }
    }
  }

  @Override
  public synchronized void memberRemoved(MembershipEvent event) {
    super.memberRemoved(event);
    forgetResolved();
  }

  /** After a merge, the members that the other side did not have are gone too. */
  @Override
  public synchronized void stateChanged(LifecycleEvent event) {
    super.stateChanged(event);
    if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
      forgetResolved();
    }
  }

  /** Tells the node selector that the addresses it resolved have no node: it asks again at the next send. */
  private void forgetResolved() {
    RegistrationListener listener = selector;
    for (Iterator<String> addresses = resolved.iterator(); addresses.hasNext(); ) {
      String address = addresses.next();
      addresses.remove();
      if (listener != null) {
        listener.registrationsUpdated(new RegistrationUpdateEvent(address, List.of()));
      }
    }
  }
}
