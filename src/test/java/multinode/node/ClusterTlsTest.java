package multinode.node;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.Certificates;
import multinode.test.ClusterNodes;
import multinode.test.LogCapture;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event bus over mutual TLS: two nodes with certificates the cluster's CA signed talk; a third with
 * the same cookie but a certificate from another CA gets into Hazelcast's member list (open-source
 * Hazelcast does not authenticate members) and still cannot exchange one event-bus message either way.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTlsTest {

  private ClusterNodes cluster;
  private Multinode a;
  private Multinode b;
  private Multinode rogue;
  /** Everything the nodes log from before the rogue node starts. */
  private LogCapture logged;

  @BeforeAll
  void start() {
    Certificates ca = Certificates.authority("cluster-ca");
    Certificates other = Certificates.authority("other-ca");
    cluster = new ClusterNodes(3);
    a = cluster.start(cluster.config("tls-a@test", tls(ca.node("tls-a"))));
    b = cluster.start(cluster.config("tls-b@test", tls(ca.node("tls-b"))));
    logged = LogCapture.everything();
    rogue = cluster.start(cluster.config("tls-rogue@test", tls(other.node("tls-rogue"))));
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    logged.close();
    cluster.close();
  }

  @Test
  void nodesWithTheClustersCertificatesTalk() {
    Ping ping = await(a.nodes().ping("tls-b@test"));
    List<Object> received = new CopyOnWriteArrayList<>();
    await(b.pubSub().subscribe("tls.ok", m -> received.add(m.json().getString("from"))));

    await(a.pubSub().broadcast("tls.ok", new JsonObject().put("from", "hello")));

    assertThat(ping.pong()).isTrue();
    Poll.until(Duration.ofSeconds(5), "b got a's message", () -> received.equals(List.of("hello")));
  }

  @Test
  void aNodeWithoutAValidCertificateExchangesNoMessage() {
    List<Object> atB = new CopyOnWriteArrayList<>();
    List<Object> atRogue = new CopyOnWriteArrayList<>();
    List<Object> atA = new CopyOnWriteArrayList<>();
    await(b.pubSub().subscribe("tls.all", m -> atB.add(m.json().getString("from"))));
    await(rogue.pubSub().subscribe("tls.all", m -> atRogue.add(m.json().getString("from"))));
    await(a.pubSub().subscribe("tls.all", m -> atA.add(m.json().getString("from"))));
    // it is a Hazelcast member all the same
    assertThat(a.nodes().list()).extracting(NodeInfo::name).contains("tls-rogue@test");

    await(a.pubSub().broadcast("tls.all", new JsonObject().put("from", "from a")));
    await(rogue.pubSub().broadcast("tls.all", new JsonObject().put("from", "from rogue")));
    Poll.until(Duration.ofSeconds(5), "b got a's message", () -> atB.contains("from a"));

    // each ping waits its full second for a pong that cannot come, long after b had a's message
    assertThat(await(a.nodes().ping("tls-rogue@test")).pong()).isFalse();
    assertThat(await(rogue.nodes().ping("tls-a@test")).pong()).isFalse();
    assertThat(atRogue).containsExactly("from rogue");
    assertThat(atA).containsExactly("from a");
    assertThat(atB).containsExactly("from a");
    assertThat(await(b.nodes().ping("tls-a@test")).pong()).isTrue();
    // an operator reads that a handshake was refused in one line, though the rogue tries again with each
    // message it sends: its repeats are counted for a minute
    assertThat(logged.warnings()).filteredOn(line -> line.contains("bad_certificate") && !line.contains(" more since "))
      .hasSize(1);
    // and no stack trace (Vert.x's second completion of the writes that were waiting for the connection is held back)
    assertThat(logged.stackTraces()).isEmpty();
  }

  private static JsonObject tls(JsonObject paths) {
    return new JsonObject().put("cluster", new JsonObject().put("tls", paths));
  }
}
