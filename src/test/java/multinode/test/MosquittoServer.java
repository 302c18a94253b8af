package multinode.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mosquitto} (Debian's) on a free port of 127.0.0.1, with its configuration and persistence
 * in a temporary directory: persistent sessions and what they hold survive a {@link #stop} and
 * {@link #start}, as a broker's do across a restart.
 */
public final class MosquittoServer implements SharedServer {

  private final int port = FreePorts.take(1).get(0);
  private final Path dir;
  private Process process;

  public MosquittoServer() {
    try {
      dir = Files.createTempDirectory("multinode-mosquitto");
      Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence true",
        // run as root, mosquitto would switch to its own user and could not save its sessions in this directory
        "user " + System.getProperty("user.name"),
        "persistence_location " + dir + "/",
        "max_queued_messages 0",
        "max_inflight_messages 0",
        "log_dest file " + dir.resolve("mosquitto.log"),
        "") );
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public MosquittoServer start() {
    try {
      process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("mosquitto is missing: .ci/run installs it", e);
    }
    Poll.until(Duration.ofSeconds(20), "mosquitto takes connections on " + port, () -> SharedServer.answers(port));
    return this;
  }

  /** Stops the broker (SIGTERM: it saves its sessions and their messages, then closes every connection). */
  @Override
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
    SharedServer.delete(dir);
  }

}
