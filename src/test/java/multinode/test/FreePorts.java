package multinode.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TCP ports free on 127.0.0.1 right now, for servers the tests start. They are taken below the kernel's
 * ephemeral range, where nothing picks a port on its own: a port from that range can be handed to some
 * client's outgoing connection between the check and the server's bind, as a busy machine showed. A port
 * is handed out once per JVM, and never one that Chromium refuses to open ({@code ERR_UNSAFE_PORT}: of its
 * restricted ports only 10080 lies in this range), so a page on any of them loads in the browser tests.
 */
public final class FreePorts {

  private static final int LOWEST = 10_000;
  private static final Set<Integer> BROWSER_RESTRICTED = Set.of(10_080);
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  /** {@code count} distinct free ports. */
  public static List<Integer> take(int count) {
    int below = ephemeralStart();
    List<Integer> ports = new ArrayList<>();
    for (int tries = 0; ports.size() < count; tries++) {
      if (tries > 10_000) {
        throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
      }
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (!BROWSER_RESTRICTED.contains(port) && !HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
        ports.add(port);
      }
    }
    return ports;
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(false);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
  private static int ephemeralStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOWEST + 1_000 ? start : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
