package multinode.pubsub;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.Poll;
import multinode.test.RabbitMqServer;
import multinode.test.ReliabilityLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The pubsub contract through a real RabbitMQ broker the test starts on free ports, between two nodes
 * that are not clustered; and the broker restarting under a stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RabbitMqPubSubTest extends PubSubContract {

  private final RabbitMqServer rabbitmq = new RabbitMqServer();
  private final List<Multinode> nodes = new ArrayList<>();

  @BeforeAll
  void start() {
    rabbitmq.start();
    nodes.add(ClusterNodes.alone("a@rabbitmq", ClusterNodes.sharedThroughRabbitMq(rabbitmq.url())));
    nodes.add(ClusterNodes.alone("b@rabbitmq", ClusterNodes.sharedThroughRabbitMq(rabbitmq.url())));
  }

  @AfterAll
  void stop() {
    nodes.forEach(n -> await(n.close()));
    rabbitmq.close();
  }

  @Override
  List<Multinode> nodes() {
    return nodes;
  }

  @Test
  void aDirectBroadcastToANodeWithoutAQueueIsRefused() {
    Throwable refused = catchThrowable(() -> await(node(0).directBroadcast("nobody@rabbitmq", "t", msg(1))));

    assertThat(refused).isInstanceOfSatisfying(PubSubException.class,
      e -> assertThat(e.failure()).isEqualTo(PubSubFailure.NO_SUCH_NODE));
  }

  @Test
  void aBrokerRestartUnderAStreamLosesNothingAcknowledged() {
    JsonObject figures = aRestartUnderAStreamLosesNothingAcknowledged(() -> {
      rabbitmq.stop();
      Poll.until(Duration.ofSeconds(10), "/ready names the adapter", () ->
        new JsonObject(new Http(nodes.get(0).httpPort()).get("/ready").body()).getJsonArray("missing").contains("pubsub (rabbitmq)"));
    }, rabbitmq::start);

    assertThat(figures.getLong("lost")).isZero();
    ReliabilityLog.record(new JsonObject().put("scenario", "rabbitmq adapter: broker restart under a stream")
      .put("sent", figures.getLong("acknowledged")).put("delivered", figures.getLong("acknowledged") - figures.getLong("lost"))
      .put("lost", figures.getLong("lost")).put("convergenceMs", figures.getLong("resumedMs"))
      .put("note", figures.getLong("refused") + " broadcasts refused with adapter_unavailable while it was down"));
  }
}
