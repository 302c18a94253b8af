package multinode.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A network namespace the test creates and deletes (root only): a private host whose traffic,
 * multicast included, never reaches the machine's own network.
 */
public final class Netns implements AutoCloseable {

  private final String name;

  private Netns(String name) {
    this.name = name;
  }

  /** Creates a namespace with its loopback up. */
  public static Netns create(String prefix) {
    Netns netns = new Netns(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    sh("ip", "netns", "add", netns.name);
    netns.ip("link", "set", "lo", "up");
    return netns;
  }

  /** The namespace's name, for {@code ip netns exec}. */
  public String name() {
    return name;
  }

  /** Runs {@code ip -n <name> args…} and fails the test if it fails. */
  public void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name));
    command.addAll(List.of(args));
    sh(command.toArray(new String[0]));
  }

  /**
   * Makes {@code nameserver} the DNS server of every program started in the namespace with {@code ip netns
   * exec}, which puts each file of {@code /etc/netns/<name>/} in place of the one in {@code /etc}. Names are
   * looked up in {@code /etc/hosts} and then DNS, as in a container: the machine's own order may send
   * {@code *.local} names to mDNS and stop there ({@code mdns4_minimal [NOTFOUND=return]}, which Debian's
   * {@code libnss-mdns} adds), so {@code *.svc.cluster.local} would never reach the server.
   */
  public void resolveWith(String nameserver) {
    try {
      Files.createDirectories(config());
      Files.writeString(config().resolve("resolv.conf"), "nameserver " + nameserver + "\n");
      Files.writeString(config().resolve("nsswitch.conf"), "hosts: files dns\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path config() {
    return Path.of("/etc/netns", name);
  }

  @Override
  public void close() {
    sh("ip", "netns", "del", name);
    try {
      Files.deleteIfExists(config().resolve("resolv.conf"));
      Files.deleteIfExists(config().resolve("nsswitch.conf"));
      Files.deleteIfExists(config());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command, failing with its output when it exits non-zero. */
  public static String sh(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new AssertionError(String.join(" ", command) + " exited " + exit + ": " + output.trim());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", command));
    }
  }
}
