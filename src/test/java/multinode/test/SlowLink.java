package multinode.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A slow, lossy link on one host: what leaves its {@code eth0} is held {@code delayMs} and a share of it
 * dropped, as {@code tc qdisc add dev eth0 root netem delay 100ms loss 5%} does. This machine's kernel
 * has no netem, so iptables hands the packets to {@code faults/slowlink.py} (NFQUEUE) instead.
 */
public final class SlowLink implements AutoCloseable {

  private final Netns host;
  private final Process delayer;
  private final BufferedReader output;
  private String summary = "";

  private SlowLink(Netns host, Process delayer) {
    this.host = host;
    this.delayer = delayer;
    this.output = new BufferedReader(new InputStreamReader(delayer.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Slows down what {@code host} sends; ready when this returns. */
  public static SlowLink on(Netns host, int delayMs, int lossPercent) {
    try {
      Path script = Path.of(SlowLink.class.getResource("/faults/slowlink.py").toURI());
      Process delayer = new ProcessBuilder(List.of("ip", "netns", "exec", host.name(), "python3", script.toString(),
        "0", String.valueOf(delayMs), String.valueOf(lossPercent))).redirectErrorStream(true).start();
      SlowLink link = new SlowLink(host, delayer);
      String first = link.output.readLine();
      if (!"ready".equals(first)) {
        delayer.destroyForcibly();
        throw new AssertionError("slowlink.py did not start: " + first);
      }
      Netns.sh("ip", "netns", "exec", host.name(), "iptables", "-A", "OUTPUT", "-o", "eth0", "-j", "NFQUEUE",
        "--queue-num", "0");
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the delayer did, once closed: {@code passed N dropped M}. */
  public String summary() {
    return summary;
  }

  /** Restores the plain link. */
  @Override
  public void close() {
    Netns.sh("ip", "netns", "exec", host.name(), "iptables", "-D", "OUTPUT", "-o", "eth0", "-j", "NFQUEUE",
      "--queue-num", "0");
    // a plain SIGTERM: Process.destroy() would also close the stream the summary comes on
    delayer.toHandle().destroy();
    try {
      String line = output.readLine();
      summary = line == null ? "" : line;
      delayer.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
