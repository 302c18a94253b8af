package multinode.chat.history;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

/** The history contract over the {@code cluster} store (the default of clustered nodes), two nodes. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterHistoryTest extends HistoryContract {

  private final ClusterNodes cluster = new ClusterNodes(2);
  private List<Multinode> nodes;

  @BeforeAll
  void start() {
    nodes = List.of(cluster.start("a@history"), cluster.start("b@history"));
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

  @Override
  String store() {
    return "cluster";
  }
}
