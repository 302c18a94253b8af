package multinode.groups;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;


import static multinode.test.ClusterNodes.await;

/** The groups contract on one node running alone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsAloneTest extends GroupsContract {

  private Multinode node;

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("alone@test");
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
