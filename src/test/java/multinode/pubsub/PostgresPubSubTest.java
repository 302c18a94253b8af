package multinode.pubsub;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.config.ConfigLoader;
import multinode.pubsub.impl.AdapterLink;
import multinode.test.FreePorts;
import multinode.test.Http;
import multinode.test.Poll;
import multinode.test.PostgresServer;
import multinode.test.ReliabilityLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pubsub contract over PostgreSQL's LISTEN/NOTIFY, between two nodes that are not clustered, with a
 * real server the test starts in a temporary directory; and the server crashing under a stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPubSubTest extends PubSubContract {

  private final PostgresServer postgres = new PostgresServer();
  private final List<Multinode> nodes = new ArrayList<>();

  @BeforeAll
  void start() {
    postgres.start();
    nodes.add(node("a@postgres"));
    nodes.add(node("b@postgres"));
  }

  private Multinode node(String name) {
    return await(Multinode.start(ConfigLoader.load(Map.of(), null, new JsonObject()
      .put("node", new JsonObject().put("name", name))
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.take(1).get(0)))
      .put("bridge", new JsonObject().put("port", 0))
      .put("pubsub", new JsonObject().put("adapter", "postgres").put("postgres", new JsonObject().put("url", postgres.url())))), false));
  }

  @AfterAll
  void stop() {
    nodes.forEach(n -> await(n.close()));
    postgres.close();
  }

  @Override
  List<Multinode> nodes() {
    return nodes;
  }

  @Test
  void eachNodeListensOnItsOwnConnectionAndADirectBroadcastToNobodyIsRefused() {
    assertThat(postgres.sql("SELECT count(DISTINCT application_name) FROM pg_stat_activity WHERE application_name LIKE 'mn_n_%'"))
      .isEqualTo("2");
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() ->
      await(node(0).directBroadcast("nobody@postgres", "t", msg(1))));
    assertThat(refused).isInstanceOfSatisfying(PubSubException.class,
      e -> assertThat(e.failure()).isEqualTo(PubSubFailure.NO_SUCH_NODE));
  }

  @Test
  void aServerCrashUnderAStreamLosesNothingAcknowledgedAndTheNodeSaysSo() {
    Logger logger = (Logger) LoggerFactory.getLogger(AdapterLink.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      JsonObject figures = aRestartUnderAStreamLosesNothingAcknowledged(() -> {
        postgres.stop();
        Poll.until(Duration.ofSeconds(10), "/ready names the adapter", () ->
          new JsonObject(new Http(nodes.get(0).httpPort()).get("/ready").body()).getJsonArray("missing").contains("pubsub (postgres)"));
      }, postgres::start);

      assertThat(figures.getLong("lost")).isZero();
      assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(line -> line.contains("cannot be reached")).anyMatch(line -> line.contains("connected again"));
      Poll.until(Duration.ofSeconds(10), "/ready again", () -> new Http(nodes.get(0).httpPort()).get("/ready").statusCode() == 200);
      ReliabilityLog.record(new JsonObject().put("scenario", "postgres adapter: server crash under a stream")
        .put("sent", figures.getLong("acknowledged")).put("delivered", figures.getLong("acknowledged") - figures.getLong("lost"))
        .put("lost", figures.getLong("lost")).put("convergenceMs", figures.getLong("resumedMs"))
        .put("note", figures.getLong("refused") + " broadcasts refused with adapter_unavailable while it was down"));
    } finally {
      logger.detachAppender(logged);
    }
  }
}
