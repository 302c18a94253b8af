import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints what the fault scenarios and the bad-input sweeps measured, from the lines they left in
 * {@code target/reliability/results.jsonl}: per scenario messages sent / delivered / lost and the time
 * to converge; per interface bad inputs tried / rejected / crashes.
 * <p>
 * usage (bench/reliability runs the tests, then this): {@code java -cp target/multinode.jar
 * bench/ReliabilityReport.java target/reliability/results.jsonl}
 */
public final class ReliabilityReport {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    if (!Files.exists(file)) {
      System.err.println("no results in " + file + ": run the fault and bad-input tests first (bench/reliability)");
      System.exit(1);
    }
    List<JsonObject> results = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    System.out.println("reliability report (" + file + ")");
    System.out.println();
    System.out.printf("%-34s %8s %10s %6s %12s%n", "scenario", "sent", "delivered", "lost", "converged");
    results.stream().filter(r -> r.containsKey("scenario")).forEach(r -> System.out.printf("%-34s %8s %10s %6s %12s%n",
      r.getString("scenario"), number(r, "sent"), number(r, "delivered"), number(r, "lost"),
      r.containsKey("convergenceMs") ? r.getLong("convergenceMs") + " ms" : "-"));
    System.out.println();
    System.out.printf("%-34s %8s %10s %8s%n", "bad input", "tried", "rejected", "crashes");
    results.stream().filter(r -> r.containsKey("interface")).forEach(r -> System.out.printf("%-34s %8s %10s %8s%n",
      r.getString("interface"), number(r, "tried"), number(r, "rejected"), number(r, "crashes")));
    System.out.println();
    results.forEach(r -> System.out.println("- " + r.getString("scenario", r.getString("interface")) + ": "
      + r.getString("note", "")));
  }

  private static String number(JsonObject result, String key) {
    return result.containsKey(key) ? String.format("%,d", result.getLong(key)) : "-";
  }
}
