package multinode.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real {@code redis-server} on a free port of 127.0.0.1, without persistence; it can be stopped and started again. */
public final class RedisServer implements SharedServer {

  private final int port = FreePorts.take(1).get(0);
  private Process process;

  /** Starts the server and waits until it answers. */
  @Override
  public RedisServer start() {
    try {
      process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server is missing: .ci/run installs it", e);
    }
    Poll.until(Duration.ofSeconds(20), "redis-server answers on " + port, this::answers);
    return this;
  }

  /** Stops the server (SIGKILL: clients see the connection drop). */
  @Override
  public void stop() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code redis://127.0.0.1:<port>}. */
  @Override
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
  }

  private boolean answers() {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("PING\r\n".getBytes());
      byte[] reply = new byte[7];
      return socket.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
