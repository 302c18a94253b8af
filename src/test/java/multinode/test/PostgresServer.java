package multinode.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) in a temporary directory, on a free port
 * of 127.0.0.1, trusting local connections. It can be stopped (an immediate shutdown: clients see their
 * connections drop) and started again on its data. PostgreSQL refuses to run as root, so under root
 * (CI) it runs as the {@code postgres} user the package creates.
 */
public final class PostgresServer implements SharedServer {

  private final int port = FreePorts.take(1).get(0);
  private final Path dir;
  private final Path bin = binaries();
  private Process process;

  public PostgresServer() {
    try {
      dir = Files.createTempDirectory("multinode-postgres");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    asRoot("chown", "postgres", dir.toString());
    Command init = Command.run(command(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", "postgres",
      "--auth=trust", "-E", "UTF8", "--no-sync"));
    if (init.exit() != 0) {
      throw new IllegalStateException("initdb failed: " + init.output());
    }
  }

  /** Starts the server and waits until it takes connections. */
  @Override
  public PostgresServer start() {
    try {
      process = new ProcessBuilder(command(bin.resolve("postgres").toString(), "-D", data().toString(),
        "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Poll.until(Duration.ofSeconds(60), "postgres takes connections on " + port, () ->
      Command.run(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p", String.valueOf(port)).exit() == 0);
    return this;
  }

  /** Stops the server at once, as a crash would (an immediate shutdown: no checkpoint, connections cut). */
  @Override
  public void stop() {
    Command.run("kill", "-QUIT", String.valueOf(process.pid()));
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code postgresql://postgres@127.0.0.1:<port>/postgres}. */
  @Override
  public String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Runs SQL with psql and returns its output (unaligned, no headers). */
  public String sql(String statement) {
    Command psql = Command.run(bin.resolve("psql").toString(), "-X", "-A", "-t", "-h", "127.0.0.1", "-p", String.valueOf(port),
      "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", statement);
    if (psql.exit() != 0) {
      throw new IllegalStateException("psql failed: " + psql.output());
    }
    return psql.output().trim();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
    SharedServer.delete(dir);
  }

  private Path data() {
    return dir.resolve("data");
  }

  /** The command, as the {@code postgres} user when this runs as root ({@code setpriv} runs it in this process, no fork). */
  private static String[] command(String... command) {
    List<String> all = new ArrayList<>();
    if (isRoot()) {
      all.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
    }
    all.addAll(List.of(command));
    return all.toArray(String[]::new);
  }

  private static void asRoot(String... command) {
    if (isRoot() && Command.run(command).exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The newest installed PostgreSQL's programs: {@code /usr/lib/postgresql/<version>/bin}. */
  private static Path binaries() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
        .orElseThrow();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("PostgreSQL is missing (/usr/lib/postgresql/*/bin/postgres): .ci/run installs it", e);
    }
  }
}
