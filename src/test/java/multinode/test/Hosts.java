package multinode.test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Several hosts on one LAN, without Docker: a network namespace per host, each with {@code eth0} on one
 * Linux bridge (in a namespace of its own) at {@code 10.98.0.11}, {@code .12}, …; this JVM reaches them
 * through one more port of the bridge at {@code 10.98.0.1}, as an operator's machine on the same LAN.
 * Faults are made on the wire: a host's cable pulled and put back, or a slow, lossy link.
 */
public final class Hosts implements AutoCloseable {

  private static final String SUBNET = "10.98.0.";

  private final Netns bridge;
  private final List<Netns> hosts = new ArrayList<>();
  private final List<String> ports = new ArrayList<>();
  private final String operator;

  private Hosts(Netns bridge, String operator) {
    this.bridge = bridge;
    this.operator = operator;
  }

  /** Builds the LAN with {@code count} hosts. */
  public static Hosts create(int count) {
    Netns bridge = Netns.create("mn-lan");
    bridge.ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
    bridge.ip("link", "set", "br0", "up");
    Hosts hosts = new Hosts(bridge, "mnop" + UUID.randomUUID().toString().substring(0, 8));
    Netns.sh("ip", "link", "add", hosts.operator, "type", "veth", "peer", "name", "op", "netns", bridge.name());
    bridge.ip("link", "set", "op", "master", "br0", "up");
    Netns.sh("ip", "addr", "add", SUBNET + "1/24", "dev", hosts.operator);
    Netns.sh("ip", "link", "set", hosts.operator, "up");
    for (int i = 0; i < count; i++) {
      hosts.add(i);
    }
    return hosts;
  }

  private void add(int index) {
    Netns host = Netns.create("mn-host" + (index + 1));
    String port = "p" + (index + 1);
    bridge.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.name());
    bridge.ip("link", "set", port, "master", "br0", "up");
    host.ip("addr", "add", address(index) + "/24", "dev", "eth0");
    host.ip("link", "set", "eth0", "up");
    host.ip("route", "add", "224.0.0.0/4", "dev", "eth0");
    hosts.add(host);
    ports.add(port);
  }

  /** The address of host {@code index} (from 0). */
  public static String address(int index) {
    return SUBNET + (11 + index);
  }

  /** The namespace of host {@code index}, for {@code ip netns exec}. */
  public Netns host(int index) {
    return hosts.get(index);
  }

  /** Pulls host {@code index}'s cable: nothing crosses its link until {@link #reconnect}. */
  public void disconnect(int index) {
    bridge.ip("link", "set", ports.get(index), "down");
  }

  /** Puts host {@code index}'s cable back. */
  public void reconnect(int index) {
    bridge.ip("link", "set", ports.get(index), "up");
  }

  @Override
  public void close() {
    Netns.sh("ip", "link", "del", operator);
    hosts.forEach(Netns::close);
    bridge.close();
  }
}
