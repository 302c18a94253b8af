package multinode.test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's {@code /metrics} page, read as Prometheus reads it. */
public final class Metrics {

  private Metrics() {
  }

  /** The page now. */
  public static String scrape(int adminPort) {
    return new Http(adminPort).get("/metrics").body();
  }

  /** The value of one sample on the page now, named with its labels exactly as the page prints them. */
  public static double value(int adminPort, String sample) {
    return value(scrape(adminPort), sample);
  }

  /**
   * The value of a counter once it stopped moving (the same in ten reads in a row, 20 ms or more apart):
   * for counting what a node did with input it may still be working through.
   */
  public static double settled(int adminPort, String sample) {
    double[] last = {Double.NaN};
    int[] same = {0};
    Poll.until(Duration.ofSeconds(30), sample + " settles", () -> {
      double now = value(adminPort, sample);
      same[0] = now == last[0] ? same[0] + 1 : 0;
      last[0] = now;
      return same[0] >= 10;
    });
    return last[0];
  }

  /** The value of one sample on this page. */
  public static double value(String page, String sample) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(page);
    assertThat(matcher.find()).as("sample %s on the page", sample).isTrue();
    return Double.parseDouble(matcher.group(1));
  }
}
