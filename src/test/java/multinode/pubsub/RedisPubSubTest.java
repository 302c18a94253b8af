package multinode.pubsub;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.config.ConfigLoader;
import multinode.test.FreePorts;
import multinode.test.Poll;
import multinode.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The pubsub contract over a real Redis, between two nodes that are not clustered; and Redis faults. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPubSubTest extends PubSubContract {

  private final RedisServer redis = new RedisServer();
  private final List<Multinode> nodes = new ArrayList<>();

  @BeforeAll
  void start() {
    redis.start();
    nodes.add(node("a@redis"));
    nodes.add(node("b@redis"));
  }

  private Multinode node(String name) {
    return await(Multinode.start(ConfigLoader.load(Map.of(), null, new JsonObject()
      .put("node", new JsonObject().put("name", name))
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.take(1).get(0)))
      .put("admin", new JsonObject().put("port", 0))
      .put("bridge", new JsonObject().put("port", 0))
      .put("pubsub", new JsonObject().put("adapter", "redis").put("redis", new JsonObject().put("url", redis.url())))), false));
  }

  @AfterAll
  void stop() {
    nodes.forEach(n -> await(n.close()));
    redis.close();
  }

  @Override
  List<Multinode> nodes() {
    return nodes;
  }


  @Test
  void whileRedisIsDownBroadcastsFailFastAndAfterwardsDeliveryResumes() {
    String topic = "outage-" + System.nanoTime();
    List<Object> inbox = new CopyOnWriteArrayList<>();
    await(node(1).subscribe(topic, m -> inbox.add(m.json().getValue("n"))));
    await(node(0).broadcast(topic, msg("before")));
    Poll.until(Duration.ofSeconds(10), "delivery before the outage", () -> inbox.contains("before"));

    redis.stop();
    Poll.until(Duration.ofSeconds(10), "broadcasts fail with adapter_unavailable", () ->
      catchThrowable(() -> await(node(0).broadcast(topic, msg("during")))) instanceof PubSubException e
        && e.failure() == PubSubFailure.ADAPTER_UNAVAILABLE);
    redis.start();

    Poll.until(Duration.ofSeconds(20), "a broadcast after the restart is delivered", () -> {
      node(0).broadcast(topic, msg("after"));
      return inbox.contains("after");
    });
    assertThat(inbox).doesNotContain("during");
  }
}
