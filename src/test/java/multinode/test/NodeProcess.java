package multinode.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A node running as its own JVM from the built jar ({@code java -jar target/multinode.jar}), optionally
 * inside a network namespace. Its stdout and stderr are collected line by line for assertions.
 * <p>
 * The child never inherits {@code MULTINODE_*} variables from the test's environment. Outside a network
 * namespace only static discovery is allowed, so no test ever sends multicast from the host.
 */
public final class NodeProcess implements AutoCloseable {

  /** The banner's line for the operator API, e.g. {@code operator api: http://127.0.0.1:5000 (token required)}. */
  private static final Pattern ADMIN_LINE = Pattern.compile("operator api: http://\\S*:(\\d+)");

  private final String label;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private NodeProcess(String label, Process process) {
    this.label = label;
    this.process = process;
    Thread reader = new Thread(this::readOutput, "output of " + label);
    reader.setDaemon(true);
    reader.start();
  }

  /** The jar under test; failsafe passes its path. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("multinode.jar", "target/multinode.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests through 'mvn verify'");
    }
    return jar;
  }

  /** Starts {@code java -jar multinode.jar args…} on the host with this environment. */
  public static NodeProcess start(String label, Map<String, String> env, String... args) {
    if (!"static".equals(env.get("MULTINODE_DISCOVERY"))) {
      throw new IllegalArgumentException("outside a network namespace a test node must use static discovery");
    }
    return launch(label, List.of(), env, args);
  }

  /**
   * Starts {@code java -jar multinode.jar args…} in a fresh network namespace without any interface up:
   * for runs that must not reach any network, whatever their configuration says.
   */
  public static NodeProcess startIsolated(String label, Map<String, String> env, String... args) {
    return launch(label, List.of("unshare", "--net"), env, args);
  }

  /**
   * The environment of a node on 127.0.0.1 that finds the others by a static list of their Hazelcast
   * ports (a mutable map, for overrides); its operator API on a free port of its own.
   */
  public static Map<String, String> loopbackEnv(String name, String cookie, List<Integer> hazelcastPorts, int hazelcastPort,
                                                int httpPort, int bridgePort) {
    Map<String, String> env = new HashMap<>();
    env.put("MULTINODE_NODE_NAME", name);
    env.put("MULTINODE_COOKIE", cookie);
    env.put("MULTINODE_DISCOVERY", "static");
    env.put("MULTINODE_MEMBERS", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    env.put("MULTINODE_CLUSTER_HOST", "127.0.0.1");
    env.put("MULTINODE_HAZELCAST_PORT", String.valueOf(hazelcastPort));
    env.put("MULTINODE_HTTP_HOST", "127.0.0.1");
    env.put("MULTINODE_HTTP_PORT", String.valueOf(httpPort));
    env.put("MULTINODE_ADMIN_PORT", String.valueOf(FreePorts.take(1).get(0)));
    env.put("MULTINODE_BRIDGE_PORT", String.valueOf(bridgePort));
    return env;
  }

  /** Starts {@code java -jar multinode.jar args…} inside the network namespace {@code netns}. */
  public static NodeProcess startIn(String netns, String label, Map<String, String> env, String... args) {
    return launch(label, List.of("ip", "netns", "exec", netns), env, args);
  }

  private static NodeProcess launch(String label, List<String> prefix, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("MULTINODE_"));
    builder.environment().putAll(env);
    try {
      return new NodeProcess(label, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} to the process's standard input and closes it, as a pipe into it would. */
  public NodeProcess input(String text) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Every line printed so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Whether some line printed so far contains {@code text}. */
  public boolean printed(String text) {
    return lines.stream().anyMatch(line -> line.contains(text));
  }

  /** Waits until a line containing {@code text} is printed. */
  public NodeProcess awaitLine(String text, Duration deadline) {
    Poll.until(deadline, label + " prints \"" + text + "\"; printed so far:\n" + String.join("\n", lines),
      () -> printed(text));
    return this;
  }

  /** The port of the operator API, as the banner says it ({@code operator api: http://host:port}); once it is printed. */
  public int adminPort() {
    return lines.stream().map(ADMIN_LINE::matcher).filter(Matcher::lookingAt).findFirst()
      .map(line -> Integer.parseInt(line.group(1)))
      .orElseThrow(() -> new IllegalStateException(label + " printed no operator api line with a port"));
  }

  /** Waits for the {@code READY} line. */
  public NodeProcess awaitReady() {
    return awaitLine("READY", Duration.ofSeconds(60));
  }

  /** Sends a signal by name ({@code TERM}, {@code KILL}, {@code STOP}, {@code CONT}). */
  public void signal(String signal) {
    try {
      int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit(Duration deadline) {
    try {
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(label + " still running after " + deadline.toMillis() + " ms");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** Whether the process is still running. */
  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        // a stopped process must run again to die
        signal("CONT");
      } catch (IllegalStateException gone) {
        // it ended between the check and the signal (a kill sent just before, its exit seen only now)
        if (process.isAlive()) {
          throw gone;
        }
      }
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(10));
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(output closed: " + e.getMessage() + ")");
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
