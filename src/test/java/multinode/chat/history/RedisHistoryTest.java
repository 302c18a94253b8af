package multinode.chat.history;

import multinode.Multinode;
import multinode.test.SharedDeployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.List;


/**
 * The history contract over the {@code redis} store: two nodes that are not clustered and share their
 * rooms through a real {@code redis-server} (the Redis adapter, whose default store this is).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisHistoryTest extends HistoryContract implements StoreDownContract {

  private SharedDeployment deployment;

  @BeforeAll
  void start() {
    deployment = SharedDeployment.redis("a@redis-history", "b@redis-history");
  }

  @AfterAll
  void stop() {
    deployment.close();
  }

  @Override
  public List<Multinode> nodes() {
    return deployment.nodes();
  }

  @Override
  String store() {
    return "redis";
  }

  @Override
  public void stopServer() {
    deployment.server().stop();
  }

  @Override
  public void startServer() {
    deployment.server().start();
  }

  @Override
  public boolean durable() {
    // the test's redis-server keeps nothing on disk
    return false;
  }
}
