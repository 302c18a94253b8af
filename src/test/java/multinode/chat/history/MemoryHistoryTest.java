package multinode.chat.history;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static multinode.test.ClusterNodes.await;

/** The history contract over the {@code memory} store of a node that runs alone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryHistoryTest extends HistoryContract {

  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("alone@memory");
  }

  @AfterAll
  void stop() {
    await(node.close());
  }

  @Override
  List<Multinode> nodes() {
    return List.of(node);
  }

  @Override
  String store() {
    return "memory";
  }
}
