package multinode.groups;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.config.ConfigLoader;
import multinode.test.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static multinode.test.ClusterNodes.await;

/** The groups contract on one node running alone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsAloneTest extends GroupsContract {

  private Multinode node;

  @BeforeAll
  void start() {
    node = await(Multinode.start(ConfigLoader.load(Map.of(), null, new JsonObject()
      .put("node", new JsonObject().put("name", "alone@test"))
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.take(1).get(0)))), false));
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @Override
  Multinode writer() {
    return node;
  }

  @Override
  Multinode reader() {
    return node;
  }
}
