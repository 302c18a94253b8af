package multinode.test;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the fault and bad-input tests leave their figures, one JSON object per line in
 * {@code target/reliability/results.jsonl}, for {@code bench/reliability} to print:
 * {@code {"scenario", "sent", "delivered", "lost", "convergenceMs", …}} or
 * {@code {"interface", "tried", "rejected", "crashes"}}.
 */
public final class ReliabilityLog {

  private static final Path FILE = Path.of("target", "reliability", "results.jsonl");

  private ReliabilityLog() {
  }

  /** Appends one result. */
  public static synchronized void record(JsonObject result) {
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, result.encode() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
