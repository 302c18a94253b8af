package multinode.node;

import multinode.Multinode;
import multinode.config.ConfigLoader;
import multinode.config.NodeConfig;
import io.vertx.core.json.JsonObject;
import multinode.test.FreePorts;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

class AloneNodeTest {

  @Test
  void aNodeStartedWithoutClusterRunsAloneAndPongsItself() {
    NodeConfig config = ConfigLoader.load(Map.of(), null, new JsonObject()
      .put("node", new JsonObject().put("name", "solo@test"))
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.take(1).get(0))));
    Multinode node = await(Multinode.start(config, false));
    try {
      assertThat(node.nodes().clustered()).isFalse();
      assertThat(node.nodes().list()).isEmpty();
      assertThat(node.nodes().self().eventBus()).isNull();
      assertThat(await(node.nodes().ping("solo@test")).pong()).isTrue();
      assertThat(await(node.nodes().ready())).isTrue();
    } finally {
      await(node.close());
    }
  }
}
