package multinode.chat.history;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static multinode.test.ClusterNodes.await;

/**
 * The history contract over the {@code redis} store: two nodes that are not clustered and share their
 * rooms through a real {@code redis-server} (the Redis adapter, whose default store this is).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisHistoryTest extends HistoryContract implements StoreDownContract {

  private final RedisServer redis = new RedisServer();
  private List<Multinode> nodes;

  @BeforeAll
  void start() {
    redis.start();
    nodes = List.of(ClusterNodes.alone("a@redis-history", ClusterNodes.sharedThroughRedis(redis.url())),
      ClusterNodes.alone("b@redis-history", ClusterNodes.sharedThroughRedis(redis.url())));
  }

  @AfterAll
  void stop() {
    nodes.forEach(node -> await(node.close()));
    redis.close();
  }

  @Override
  public List<Multinode> nodes() {
    return nodes;
  }

  @Override
  String store() {
    return "redis";
  }

  @Override
  public void stopServer() {
    redis.stop();
  }

  @Override
  public void startServer() {
    redis.start();
  }

  @Override
  public boolean durable() {
    // the test's redis-server keeps nothing on disk
    return false;
  }
}
