package multinode.chat.history;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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

  /**
   * Hazelcast runs a callback on its futures in a new thread where the common fork-join pool has one
   * thread (two cores or fewer, as here); the store's appends must not start one each. On a machine with
   * more cores the old way started none either, and this test cannot tell the two apart.
   */
  @Test
  void appendsStartNoThreadEach() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String room = "threads-" + UUID.randomUUID().toString().substring(0, 8);
    post(room, 20);
    long before = threads.getTotalStartedThreadCount();
    post(room, 300);
    assertThat(threads.getTotalStartedThreadCount() - before).as("threads started for 300 appends").isLessThan(30);
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
