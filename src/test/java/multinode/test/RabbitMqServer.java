package multinode.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real {@code rabbitmq-server} (Debian's) on free ports of 127.0.0.1, its own node name, Erlang port
 * mapper and data in a temporary directory, so that it neither needs nor touches a system broker. Its
 * data survives a {@link #stop} and {@link #start}, as a broker's does across a restart.
 */
public final class RabbitMqServer implements SharedServer {

  private static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");

  private final List<Integer> ports = FreePorts.take(3);
  private final Path dir;
  private final String node = "rabbit-" + ports.get(0) + "@localhost";
  private Process process;

  public RabbitMqServer() {
    try {
      dir = Files.createTempDirectory("multinode-rabbitmq");
      Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the broker and waits until it takes AMQP connections (about 5–10 s). */
  @Override
  public RabbitMqServer start() {
    ProcessBuilder builder = new ProcessBuilder(BIN.resolve("rabbitmq-server").toString())
      .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
    builder.environment().putAll(environment());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("rabbitmq-server is missing: .ci/run installs it", e);
    }
    Poll.until(Duration.ofSeconds(90), "rabbitmq-server takes connections on " + port(), () -> SharedServer.answers(port()));
    return this;
  }

  /** Shuts the broker down (its clients see their connections closed); durable queues and persistent messages stay. */
  @Override
  public void stop() {
    Command.run(environment(), BIN.resolve("rabbitmqctl").toString(), "-n", node, "shutdown");
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String url() {
    return "amqp://guest:guest@127.0.0.1:" + port();
  }

  private int port() {
    return ports.get(0);
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
    Command.run(environment(), "epmd", "-kill");
    SharedServer.delete(dir);
  }


  private Map<String, String> environment() {
    return Map.of("HOME", dir.toString(), "RABBITMQ_NODENAME", node, "RABBITMQ_NODE_PORT", String.valueOf(port()),
      "RABBITMQ_DIST_PORT", String.valueOf(ports.get(1)), "ERL_EPMD_PORT", String.valueOf(ports.get(2)),
      "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
      "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
      "RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins").toString(), "RABBITMQ_PID_FILE", dir.resolve("pid").toString());
  }
}
