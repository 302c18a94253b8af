package multinode.groups;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;

/** The groups contract on a 3-node cluster: written on the first node, read on the third. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsClusterTest extends GroupsContract {

  private final ClusterNodes cluster = new ClusterNodes(3);
  private Multinode a;
  private Multinode c;

  @BeforeAll
  void start() {
    a = cluster.start("a@groups");
    cluster.start("b@groups");
    c = cluster.start("c@groups");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Override
  Multinode writer() {
    return a;
  }

  @Override
  Multinode reader() {
    return c;
  }
}
