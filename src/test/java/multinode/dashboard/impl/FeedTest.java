package multinode.dashboard.impl;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's feed: its last events, oldest first, each marked as a feed event. */
class FeedTest {

  @Test
  void theFeedKeepsItsLastEventsOldestFirst() {
    Feed feed = new Feed();
    for (int i = 0; i < Feed.KEPT + 5; i++) {
      feed.add(i, "node_up", "node up: n" + i, new JsonObject().put("node", "n" + i));
    }
    assertThat(feed.recent()).hasSize(Feed.KEPT);
    assertThat(feed.recent().getJsonObject(0).getString("text")).isEqualTo("node up: n5");
    assertThat(feed.recent().getJsonObject(0).getString("type")).isEqualTo("feed");
    assertThat(feed.recent().getJsonObject(Feed.KEPT - 1).getLong("at")).isEqualTo(Feed.KEPT + 4L);
  }
}
