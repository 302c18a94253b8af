package multinode.pubsub;

import multinode.test.ClusterNodes;
import multinode.test.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server contract over PostgreSQL's LISTEN/NOTIFY with a real server the test starts in a temporary
 * directory; it crashes ({@code kill -QUIT}) and starts again.
 */
class PostgresPubSubTest extends ServerPubSubContract {

  PostgresPubSubTest() {
    super(new PostgresServer(), "postgres", ClusterNodes::sharedThroughPostgres);
  }

  @org.junit.jupiter.api.Test
  void eachNodeListensOnItsOwnConnection() {
    assertThat(((PostgresServer) server()).sql(
      "SELECT count(DISTINCT application_name) FROM pg_stat_activity WHERE application_name LIKE 'mn_n_%'")).isEqualTo("2");
  }
}
