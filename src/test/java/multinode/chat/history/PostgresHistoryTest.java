package multinode.chat.history;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.vertx.core.json.JsonObject;
import multinode.test.Poll;

import java.time.Duration;
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history contract over the {@code postgres} store: two clustered nodes and a real PostgreSQL server
 * started for the test; and the schema the store keeps there.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresHistoryTest extends HistoryContract implements StoreDownContract {

  private final PostgresServer postgres = new PostgresServer();
  private final ClusterNodes cluster = new ClusterNodes(2);
  private List<Multinode> nodes;

  @BeforeAll
  void start() {
    postgres.start();
    nodes = List.of(cluster.start(cluster.config("a@pg-history", ClusterNodes.historyIn(postgres.url()))),
      cluster.start(cluster.config("b@pg-history", ClusterNodes.historyIn(postgres.url()))));
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
    postgres.close();
  }

  @Override
  public List<Multinode> nodes() {
    return nodes;
  }

  @Override
  String store() {
    return "postgres";
  }

  @Override
  public void stopServer() {
    postgres.stop();
  }

  @Override
  public void startServer() {
    postgres.start();
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Test
  void messagesOlderThanTheRetentionAreRemovedAndTheRestStay() {
    String room = room();
    post(room, 2);
    postgres.sql("UPDATE multinode_chat_messages SET ts = now() - interval '3 days' WHERE room = '" + room + "' AND seq = 1");
    JsonObject twoDays = ClusterNodes.historyIn(postgres.url());
    twoDays.getJsonObject("chat").getJsonObject("history").getJsonObject("postgres").put("retentionDays", 2);

    Multinode pruner = ClusterNodes.alone("pruner@pg-history", twoDays);
    try {
      Poll.until(Duration.ofSeconds(30), "the 3-day-old message is gone", () ->
        postgres.sql("SELECT count(*) FROM multinode_chat_messages WHERE room = '" + room + "'").equals("1"));
      JsonObject history = await(pruner.chat().history(room, null, 10));
      assertThat(seqs(history)).containsExactly(2L);
      assertThat(history.getBoolean("more")).isFalse();
    } finally {
      await(pruner.close());
    }
  }

  @Test
  void theNodesCreatedTheSchemaOnceAndKeepEveryMessageAsARow() {
    String room = room();
    post(room, 3);

    assertThat(postgres.sql("SELECT component || ' ' || version FROM multinode_schema")).isEqualTo("chat_history 1");
    assertThat(postgres.sql("SELECT string_agg(seq || ':' || sender || ':' || body, ',' ORDER BY seq) FROM multinode_chat_messages "
      + "WHERE room = '" + room + "'")).isEqualTo("1:poster:m1,2:poster:m2,3:poster:m3");
    assertThat(postgres.sql("SELECT last_seq FROM multinode_chat_rooms WHERE room = '" + room + "'")).isEqualTo("3");
  }
}
