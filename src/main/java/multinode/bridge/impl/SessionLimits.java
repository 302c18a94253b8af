package multinode.bridge.impl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What one remote address may hold and open on the public bridge: at most {@code perAddress} sessions at
 * once, and new ones at {@code perSecond} a second, from a bucket that holds one second's worth (0 lifts a
 * limit). Loopback addresses are never limited: a proxy on the same machine carries everyone's sessions.
 * <p>
 * An address is forgotten once it holds nothing and its bucket is full again, so one that opens and
 * closes sessions in a loop keeps its empty bucket, and memory follows the addresses active in the last
 * second or two. Called on the bridge's context (its HTTP server's), so one address is counted by one
 * thread at a time.
 */
public final class SessionLimits {

  /** What a new session from an address gets. */
  public enum Verdict { ADMIT, TOO_MANY, TOO_FAST }

  private static final class Address {
    int open;
    double tokens;
    long refilledNanos;
  }

  private final int perAddress;
  private final int perSecond;
  private final LongSupplier nanoClock;
  private final Map<String, Address> addresses = new ConcurrentHashMap<>();

  public SessionLimits(int perAddress, int perSecond) {
    this(perAddress, perSecond, System::nanoTime);
  }

  SessionLimits(int perAddress, int perSecond, LongSupplier nanoClock) {
    this.perAddress = perAddress;
    this.perSecond = perSecond;
    this.nanoClock = nanoClock;
  }

  /** Whether a new session from {@code host} may open; admitting it spends one of its address's tokens. */
  public Verdict admit(String host) {
    if (loopback(host) || perAddress == 0 && perSecond == 0) {
      return Verdict.ADMIT;
    }
    Address address = addresses.computeIfAbsent(host, key -> fresh());
    refill(address);
    if (perAddress > 0 && address.open >= perAddress) {
      return Verdict.TOO_MANY;
    }
    if (perSecond > 0 && address.tokens < 1) {
      return Verdict.TOO_FAST;
    }
    address.tokens--;
    return Verdict.ADMIT;
  }

  /** A session from {@code host} opened. */
  public void opened(String host) {
    if (!loopback(host)) {
      addresses.computeIfAbsent(host, key -> fresh()).open++;
    }
  }

  /** A session from {@code host} ended. */
  public void closed(String host) {
    Address address = addresses.get(host);
    if (address != null && address.open > 0) {
      address.open--;
    }
  }

  /** Forgets the addresses that hold nothing and whose bucket is full. */
  public void sweep() {
    addresses.values().removeIf(address -> {
      refill(address);
      return address.open == 0 && address.tokens >= perSecond;
    });
  }

  /** How many sessions {@code host} holds now, as counted here. */
  int open(String host) {
    Address address = addresses.get(host);
    return address == null ? 0 : address.open;
  }

  /** How many addresses are remembered. */
  int remembered() {
    return addresses.size();
  }

  private Address fresh() {
    Address address = new Address();
    address.tokens = perSecond;
    address.refilledNanos = nanoClock.getAsLong();
    return address;
  }

  private void refill(Address address) {
    long now = nanoClock.getAsLong();
    address.tokens = Math.min(perSecond, address.tokens + (now - address.refilledNanos) * perSecond / 1e9);
    address.refilledNanos = now;
  }

  /** Whether a remote host is this machine's. */
  static boolean loopback(String host) {
    return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
  }
}
