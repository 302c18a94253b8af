package multinode.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Debian's {@code dnsmasq} on port 53 of a host of the test's LAN, answering only the names the test gives
 * it (nothing is forwarded anywhere), as a cluster's DNS answers a headless service's name with the
 * addresses of its pods. Stopped on close.
 */
public final class DnsServer implements AutoCloseable {

  private final String address;
  private final Path directory;
  private final Process process;

  private DnsServer(String address, Path directory, Process process) {
    this.address = address;
    this.directory = directory;
    this.process = process;
  }

  /** Starts dnsmasq on {@code address}, an address of {@code host}, answering nothing yet. */
  public static DnsServer start(Netns host, String address) {
    try {
      Path directory = Files.createTempDirectory("multinode-dns");
      Files.createDirectory(directory.resolve("hosts.d"));
      // the records live in a directory dnsmasq watches (inotify): a change is read without a signal, and
      // with no signal there is no race with dnsmasq installing its handler (an early SIGHUP ends it)
      Process process = new ProcessBuilder("ip", "netns", "exec", host.name(), "dnsmasq", "--keep-in-foreground",
        "--no-resolv", "--no-hosts", "--no-poll", "--user=root", "--pid-file=",
        "--listen-address=" + address, "--bind-interfaces", "--hostsdir=" + directory.resolve("hosts.d"),
        "--local-ttl=0", "--log-facility=" + directory.resolve("log"))
        .redirectErrorStream(true).redirectOutput(directory.resolve("output").toFile()).start();
      return new DnsServer(address, directory, process);
    } catch (IOException e) {
      throw new UncheckedIOException("dnsmasq is missing: .ci/run installs dnsmasq-base", e);
    }
  }

  /** The address clients send their queries to. */
  public String address() {
    return address;
  }

  /**
   * From now on {@code name} resolves to exactly these addresses (one A record each; none: the name is
   * unknown). Returns once the server, asked from {@code client}, answers so.
   */
  public void answer(Netns client, String name, String... addresses) {
    String hosts = Arrays.stream(addresses).map(a -> a + " " + name + "\n").collect(Collectors.joining());
    try {
      // written beside the watched directory and moved in whole, so that dnsmasq never reads half of it
      Path next = Files.writeString(directory.resolve("hosts.next"), hosts);
      Files.move(next, directory.resolve("hosts.d").resolve("hosts"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> expected = new TreeSet<>(List.of(addresses));
    Poll.until(Duration.ofSeconds(10), name + " resolves to " + expected + " (dnsmasq said: " + read("output")
      + (process.isAlive() ? "" : "; it has exited") + ")", () -> resolved(client, name).equals(expected));
  }

  /** What {@code name} resolves to from {@code client}, through the resolver the namespace is given. */
  private static Set<String> resolved(Netns client, String name) {
    try {
      Process query = new ProcessBuilder("ip", "netns", "exec", client.name(), "getent", "ahostsv4", name)
        .redirectErrorStream(true).start();
      String output = new String(query.getInputStream().readAllBytes());
      query.waitFor();
      return output.lines().map(line -> line.split("\\s+")[0]).filter(a -> !a.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    }
  }

  private String read(String file) {
    try {
      Path path = directory.resolve(file);
      return Files.exists(path) ? Files.readString(path).trim() : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Netns.sh("rm", "-rf", directory.toString());
  }
}
