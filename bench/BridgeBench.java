import io.vertx.core.json.JsonObject;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP bridge and service discovery, on two nodes run as separate {@code java -jar} processes:
 * <ul>
 *   <li>publish frames/s from one client through node A's bridge to a subscriber on node B's bridge, the
 *       publisher keeping at most {@value #WINDOW} frames ahead of what the subscriber has read (a
 *       subscriber 1 MiB behind is closed by the node, by design);</li>
 *   <li>ms from {@code kill -9} of node B to its service records being gone from node A's
 *       {@code /api/services}.</li>
 * </ul>
 * usage (bench/run compiles it): {@code BridgeBench <multinode.jar> <runs> <results.json>}
 */
public class BridgeBench {

  static final int FRAMES = 1_000_000;
  static final int WARMUP = 300_000;
  static final int WINDOW = 5_000;

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    Path results = Path.of(args[2]);
    List<Double> rates = new ArrayList<>();
    List<Double> reaped = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      int[] hz = GroupsBench.freePorts(2);
      int[] http = GroupsBench.freePorts(2);
      int[] bridge = GroupsBench.freePorts(2);
      String cookie = "bridgebench-" + UUID.randomUUID();
      String members = "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1];
      Process a = GroupsBench.jarNode(jar, "a@bridgebench", cookie, members, hz[0], http[0], 1, bridge[0]);
      GroupsBench.awaitLine(a, "READY");
      Process b = GroupsBench.jarNode(jar, "b@bridgebench", cookie, members, hz[1], http[1], 1, bridge[1]);
      GroupsBench.awaitLine(b, "READY");
      try {
        GroupsBench.await(() -> webRecords(http[0]) == 2);
        rates.add(throughput(bridge[0], bridge[1]));
        GroupsBench.await(() -> ChatBench.http("GET", "http://127.0.0.1:" + GroupsBench.adminPort(http[0]) + "/api/nodes/b@bridgebench/ping", null)
          .contains("pong"));
        long killed = System.nanoTime();
        b.destroyForcibly();
        GroupsBench.await(() -> webRecords(http[0]) == 1);
        reaped.add((System.nanoTime() - killed) / 1e6);
      } finally {
        b.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        a.destroy();
        a.waitFor(30, TimeUnit.SECONDS);
      }
      System.out.printf(Locale.ROOT, "run %d: %.0f frames/s, records gone %.0f ms after kill -9%n", run + 1,
        rates.get(run), reaped.get(run));
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(GroupsBench.row("TCP bridge publish A → subscriber on B, frames/s (median of " + runs + ")",
      GroupsBench.median(rates), null, ""));
    rows.add(GroupsBench.row("kill -9 → its service records gone on the survivor, ms (median of " + runs + ")",
      GroupsBench.median(reaped), null, "≤ failure bound + 1000"));
    System.out.printf("%n%-72s %12s%n", "bridge figure", "multinode");
    rows.forEach(r -> System.out.printf(Locale.ROOT, "%-72s %12s%n", r[0], r[1]));
    Files.writeString(results, GroupsBench.json(rows).replace("\"groups\"", "\"bridge\""));
    System.exit(0);
  }

  static int webRecords(int httpPort) throws Exception {
    return new JsonObject(ChatBench.http("GET", "http://127.0.0.1:" + GroupsBench.adminPort(httpPort) + "/api/services?name=multinode-web", null))
      .getJsonArray("services").size();
  }

  /** Frames per second from a publisher on one bridge to a subscriber on the other, after a warm-up. */
  static double throughput(int publisherPort, int subscriberPort) throws Exception {
    try (Socket pub = new Socket("127.0.0.1", publisherPort); Socket sub = new Socket("127.0.0.1", subscriberPort)) {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(pub.getOutputStream(), 64 * 1024));
      DataOutputStream subOut = new DataOutputStream(sub.getOutputStream());
      DataInputStream in = new DataInputStream(new BufferedInputStream(sub.getInputStream(), 64 * 1024));
      write(subOut, new JsonObject().put("type", "register").put("address", "events.bench").put("replyAddress", "ready"));
      subOut.flush();
      readFrame(in);
      AtomicLong received = new AtomicLong();
      Semaphore window = new Semaphore(WINDOW);
      Thread reader = new Thread(() -> {
        try {
          while (received.get() < WARMUP + FRAMES) {
            readFrame(in);
            received.incrementAndGet();
            window.release();
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "subscriber");
      reader.start();
      long start = 0;
      for (int i = 0; i < WARMUP + FRAMES; i++) {
        if (i == WARMUP) {
          out.flush();
          long sent = i;
          GroupsBench.await(() -> received.get() == sent);
          start = System.nanoTime();
        }
        if (!window.tryAcquire()) {
          out.flush();
          window.acquire();
        }
        write(out, new JsonObject().put("type", "publish").put("address", "events.bench")
          .put("body", new JsonObject().put("n", i).put("from", "bridge-bench")));
      }
      out.flush();
      reader.join(TimeUnit.SECONDS.toMillis(120));
      if (received.get() != WARMUP + FRAMES) {
        throw new IllegalStateException("the subscriber got " + received.get() + " of " + (WARMUP + FRAMES));
      }
      return FRAMES / ((System.nanoTime() - start) / 1e9);
    }
  }

  static void write(DataOutputStream out, JsonObject frame) throws IOException {
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length);
    out.write(json);
  }

  static byte[] readFrame(DataInputStream in) throws IOException {
    byte[] frame = new byte[in.readInt()];
    in.readFully(frame);
    return frame;
  }
}
