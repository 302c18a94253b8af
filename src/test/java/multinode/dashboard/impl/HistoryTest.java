package multinode.dashboard.impl;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts' samples: message rates from the counters' growth, five minutes kept, a gone node forgotten. */
class HistoryTest {

  private final History history = new History();

  private static JsonObject figures(long published, long delivered) {
    return new JsonObject().put("published", published).put("delivered", delivered).put("heapUsedMiB", 40.5).put("sockets", 3);
  }

  @Test
  void theRatesAreTheCountersGrowthPerSecondSinceTheNodesPreviousSample() {
    assertThat(history.add("a", 1_000, figures(10, 5)).encode()).isEqualTo("[1000,0.0,0.0,40.5,3]");
    assertThat(history.add("a", 3_000, figures(110, 45)).encode()).isEqualTo("[3000,50.0,20.0,40.5,3]");
    assertThat(history.add("b", 3_000, figures(7, 7)).getDouble(1)).as("a node's first sample").isZero();
    // a node restarted under the same name: its counters start again, and no rate goes negative
    assertThat(history.add("a", 4_000, figures(0, 0)).encode()).isEqualTo("[4000,0.0,0.0,40.5,3]");
  }

  @Test
  void fiveMinutesAreKeptAndAGoneNodeIsForgotten() {
    for (int i = 0; i < History.KEPT + 50; i++) {
      history.add("a", i * 1_000L, figures(i, 0));
    }
    history.add("b", 0, figures(0, 0));

    assertThat(history.toJson().getJsonArray("a")).hasSize(History.KEPT);
    assertThat(history.toJson().getJsonArray("a").getJsonArray(0).getLong(0)).isEqualTo(50_000L);
    history.forget("b");
    assertThat(history.toJson().fieldNames()).containsExactly("a");
  }
}
