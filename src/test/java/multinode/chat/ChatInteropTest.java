package multinode.chat;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;


import static org.assertj.core.api.Assertions.assertThat;

/** The official {@code @vertx/eventbus-bridge-client.js}, under Node.js, against two clustered nodes. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatInteropTest {

  private final ClusterNodes cluster = new ClusterNodes(2);
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void startTwoNodes() {
    a = cluster.start("a@interop");
    b = cluster.start("b@interop");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void theOfficialClientReceivesThroughOneNodeWhatWasSaidThroughTheOther() throws Exception {
    Command node = Command.run("node", "src/test/js/interop.js",
      "http://127.0.0.1:" + a.httpPort(), "http://127.0.0.1:" + b.httpPort(), "interop");

    assertThat(node.exit()).as(node.output()).isZero();
    assertThat(node.output())
      .contains("joined through A: a@interop", "joined through B: b@interop")
      .containsPattern("received through A: hello from B \\d+ \\(from node-client-b via b@interop, seq 1\\)");
  }
}
