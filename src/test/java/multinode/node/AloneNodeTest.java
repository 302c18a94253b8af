package multinode.node;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import org.junit.jupiter.api.Test;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

class AloneNodeTest {

  @Test
  void aNodeStartedWithoutClusterRunsAloneAndPongsItself() {
    Multinode node = ClusterNodes.alone("solo@test");
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
