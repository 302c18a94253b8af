import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An Erlang peer of a benchmark: {@code module:main()} on an Erlang node of its own, whose "key value"
 * lines are its figures (every other line is printed, marked {@code erlang:}).
 * <p>
 * A script's latency rounds ({@code bench_rounds:paced/3}) each wait for {@link #round()}, so that a
 * benchmark can take them in turn with its own: each of multinode's rounds follows one of the peer's,
 * and each pair of rounds meets the machine in the same state. Five rounds of one side taken minutes
 * before the other's need not: in four runs of the call benchmark one after the other, erpc's
 * five-round p99 was 184, 721, 913 and 170 µs.
 * <p>
 * {@link #paced} starts a script and returns once it waits for its first round; {@link #finish} lets it
 * run the rest of its figures and returns them all. {@link #figures} runs a script to its end at once.
 */
final class ErlangPeer {

  /** How a script's paced lines begin ({@code bench_rounds.erl}): "paced: ready …", "paced: round …". */
  private static final String PACED = "paced: ";
  /** Queued once the script's output has ended; no line it prints is queued as this. */
  private static final String ENDED = "ended";

  private final Process process;
  private final OutputStream rounds;
  private final Map<String, Double> figures = new ConcurrentHashMap<>();
  private final BlockingQueue<String> paced = new LinkedBlockingQueue<>();
  private final Thread reader;

  private ErlangPeer(Process process) {
    this.process = process;
    this.rounds = process.getOutputStream();
    this.reader = new Thread(this::read, "erlang-peer");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code module:main()} on a node named {@code nodeName}; every figure it prints, once it has ended. */
  static Map<String, Double> figures(String beamDir, String nodeName, String module) throws Exception {
    return start(beamDir, nodeName, module, false).finish();
  }

  /** {@code module:main()}, started; back once it waits for its first latency round. */
  static ErlangPeer paced(String beamDir, String nodeName, String module) throws Exception {
    return start(beamDir, nodeName, module, true);
  }

  private static ErlangPeer start(String beamDir, String nodeName, String module, boolean paced) throws Exception {
    Process process = new ProcessBuilder("erl", "-pa", beamDir, "-name", nodeName + "@127.0.0.1",
      "-setcookie", "multinode-bench", "-noshell", "-s", module, "main").redirectErrorStream(true).start();
    ErlangPeer peer = new ErlangPeer(process);
    if (paced) {
      peer.next("ready");
    }
    return peer;
  }

  /** Runs the peer's next latency round; back once it is done. */
  void round() throws Exception {
    rounds.write("round\n".getBytes(StandardCharsets.US_ASCII));
    rounds.flush();
    next("round");
  }

  /** Lets the peer run to its end (its rounds not yet asked for run at once); every figure it printed. */
  Map<String, Double> finish() throws Exception {
    rounds.close();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the Erlang peer did not end within 10 minutes");
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return figures;
  }

  /** Waits for the peer's next paced line of this kind ("ready" or "round"). */
  private void next(String kind) throws Exception {
    for (String line; (line = paced.poll(5, TimeUnit.MINUTES)) != null; ) {
      if (line.equals(ENDED)) {
        throw new IllegalStateException("the Erlang peer ended (exit " + process.waitFor() + ") before its " + kind);
      }
      if (line.startsWith(PACED + kind + " ")) {
        return;
      }
    }
    throw new IllegalStateException("the Erlang peer printed no " + kind + " within 5 minutes");
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2 && parts[1].matches("[0-9.]+")) {
          figures.put(parts[0], Double.parseDouble(parts[1]));
        } else {
          System.out.println("erlang: " + line);
          if (line.startsWith(PACED)) {
            paced.add(line);
          }
        }
      }
    } catch (IOException e) {
      System.out.println("erlang: its output could not be read: " + e.getMessage());
    } finally {
      paced.add(ENDED);
    }
  }
}
