package multinode.test;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The project's {@code docker-compose.yml}, unmodified, run by the real Docker engine as a user runs it
 * ({@code docker-compose}, or {@code docker compose} where only the plugin is installed), under a project
 * name of its own so that {@link #down} removes exactly what {@link #up} made. The image
 * {@code multinode:latest} must have been built (.ci/run builds it).
 */
public final class Compose implements AutoCloseable {

  /** The image the compose file names. */
  public static final String IMAGE = "multinode:latest";

  private final String project = "multinode-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> compose = composeCommand();

  private Compose() {
  }

  /** {@code up -d --no-build}: creates the network and starts every service, once the engine and image are there. */
  public static Compose up() {
    if (run(List.of("docker", "info"), Map.of()).exit() != 0) {
      throw new AssertionError("no Docker engine answers: .ci/run starts dockerd (see its comments)");
    }
    if (run(List.of("docker", "image", "inspect", IMAGE), Map.of()).exit() != 0) {
      throw new AssertionError(IMAGE + " is not built: .ci/run builds it (docker build --network host -t " + IMAGE + " .)");
    }
    Compose compose = new Compose();
    compose.ok("up", "-d", "--no-build");
    return compose;
  }

  /** The compose file as this compose normalises it, with this environment ({@code config}). */
  public static String config(Map<String, String> env) {
    List<String> command = new ArrayList<>(composeCommand());
    command.addAll(List.of("-f", "docker-compose.yml", "config"));
    return succeeded(command, env);
  }

  /** The compose project's name ({@code -p}). */
  public String project() {
    return project;
  }

  /** The id of the container of {@code service}. */
  public String container(String service) {
    return ok("ps", "-q", service).trim();
  }

  /** Everything the service's container has printed, across its restarts. */
  public String logs(String service) {
    return docker("logs", container(service));
  }

  /** How many lines the service has printed that contain {@code text}. */
  public long count(String service, String text) {
    return logs(service).lines().filter(line -> line.contains(text)).count();
  }

  /** Waits until the service has printed {@code times} lines containing {@code text}; a timeout shows its output. */
  public void awaitLine(String service, String text, int times, Duration deadline) {
    try {
      Poll.until(deadline, service + " prints \"" + text + "\" " + times + " time(s)", () -> count(service, text) >= times);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(service + " printed \"" + text + "\" fewer than " + times + " time(s) within "
        + deadline.toSeconds() + " s; it printed:\n" + logs(service), e);
    }
  }

  /** {@code docker inspect -f <format>} of the service's container. */
  public String inspect(String service, String format) {
    return docker("inspect", "-f", format, container(service)).trim();
  }

  /** Runs {@code docker-compose -p <project> args…}, failing with its output when it fails. */
  public String ok(String... args) {
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("-p", project));
    command.addAll(List.of(args));
    return succeeded(command, Map.of());
  }

  /** Runs {@code docker args…}, failing with its output when it fails. */
  public static String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return succeeded(command, Map.of());
  }

  /** What the engine still holds of this project: containers, networks and volumes, by their compose label. */
  public List<String> leftovers() {
    String label = "label=com.docker.compose.project=" + project;
    List<String> left = new ArrayList<>();
    for (String kind : List.of("container", "network", "volume")) {
      List<String> listing = new ArrayList<>(List.of("docker", kind, "ls", "-q", "--filter", label));
      if (kind.equals("container")) {
        listing.add("--all");
      }
      run(listing, Map.of()).output().lines().filter(line -> !line.isBlank()).forEach(id -> left.add(kind + " " + id));
    }
    return left;
  }

  /** {@code down}: stops and removes the project's containers and network. */
  public void down() {
    ok("down", "--timeout", "10");
  }

  @Override
  public void close() {
    if (!leftovers().isEmpty()) {
      down();
    }
  }

  private static List<String> composeCommand() {
    return run(List.of("docker-compose", "version"), Map.of()).exit() == 0 ? List.of("docker-compose") : List.of("docker", "compose");
  }

  private record Result(int exit, String output) {
  }

  /** Runs the command and returns its output, failing with it when the command fails. */
  private static String succeeded(List<String> command, Map<String, String> env) {
    Result result = run(command, env);
    if (result.exit() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + result.exit() + ": " + result.output());
    }
    return result.output();
  }

  private static Result run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.waitFor(), output);
    } catch (IOException e) {
      if (command.get(0).equals("docker-compose")) {
        return new Result(127, e.getMessage());
      }
      throw new UncheckedIOException(command.get(0) + " is missing: .ci/run installs docker.io and docker-compose", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", command));
    }
  }
}
