package multinode.pubsub;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The pubsub contract over the clustered event bus, on 3 nodes; and node-level fan-out. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventBusPubSubTest extends PubSubContract {

  private final ClusterNodes cluster = new ClusterNodes(3);
  private final List<Multinode> nodes = new ArrayList<>();

  @BeforeAll
  void start() {
    nodes.add(cluster.start("a@pubsub"));
    nodes.add(cluster.start("b@pubsub"));
    nodes.add(cluster.start("c@pubsub"));
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Override
  List<Multinode> nodes() {
    return nodes;
  }


  @Test
  void oneBroadcastToAThousandSubscribersOnAnotherNodeCrossesTheNetworkOnce() {
    String topic = "fanout-" + System.nanoTime();
    Multinode b = nodes.get(1);
    AtomicInteger delivered = new AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      await(b.pubSub().subscribe(topic, m -> delivered.incrementAndGet()));
    }
    AtomicInteger arrivals = new AtomicInteger();
    b.vertx().eventBus().addInboundInterceptor(ctx -> {
      if (ctx.message().address().equals("multinode.pubsub.topic." + topic)) {
        arrivals.incrementAndGet();
      }
      ctx.next();
    });

    await(node(0).broadcast(topic, new JsonObject().put("n", 1)));

    Poll.until(Duration.ofSeconds(10), "1,000 deliveries", () -> delivered.get() == 1000);
    assertThat(arrivals.get()).isEqualTo(1);
  }
}
