package multinode.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.groups.GroupMember;
import multinode.test.ClusterNodes;
import multinode.test.Command;
import multinode.test.Http;
import multinode.test.Poll;
import multinode.test.TcpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's two doors, read-only: its own SockJS bridge on the operator listener (driven by the
 * official client under Node.js) and the TCP bridge, through which a service watches the same streams.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBridgeTest {

  private final ClusterNodes cluster = new ClusterNodes(3);
  private final Vertx client = Vertx.vertx();
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void startTwoNodes() {
    a = cluster.start("a@watch");
    b = cluster.start("b@watch");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
    client.close();
  }

  @Test
  void theOfficialClientGetsTheSnapshotAndTheStreamsAndIsRefusedEverythingElse() throws Exception {
    Command node = Command.run("node", "src/test/js/dashboard.js", "http://127.0.0.1:" + a.adminPort());

    assertThat(node.exit()).as(node.output()).isZero();
    assertThat(node.output().lines()).contains(
      "snapshot: viewed through a@watch, nodes a@watch b@watch",
      "nodes stream: 2 nodes, 2 up",
      "send multinode.chat.requests: refused access_denied",
      "send multinode.groups.api: refused access_denied",
      "send multinode.node.x.invoke: refused access_denied",
      "send multinode.dashboard.notices: refused access_denied",
      "send events.deploys: refused access_denied",
      "send multinode.dashboard.nodes: refused access_denied",
      "publish and register elsewhere: access_denied access_denied access_denied access_denied");
  }

  @Test
  void aServiceOnTheTcpBridgeWatchesGroupsAndNodesAndAsksForTheSnapshot() {
    try (TcpClient service = TcpClient.connect(client, a.bridgePort())) {
      service.registerAndWait(DashboardAddresses.GROUPS);
      service.registerAndWait(DashboardAddresses.NODES);

      GroupMember member = await(b.groups().member(message -> { }, null));
      await(b.groups().join("watched", member));
      JsonObject groups = service.awaitFrame(frame -> DashboardAddresses.GROUPS.equals(frame.getString("address"))
        && frame.getJsonObject("body").getJsonObject("counts").getJsonObject("default", new JsonObject()).containsKey("watched"),
        "the join in the groups stream");
      JsonObject body = groups.getJsonObject("body");
      assertThat(body.getJsonObject("counts").getJsonObject("default").getJsonObject("watched").encode()).isEqualTo("{\"b@watch\":1}");
      assertThat(body.getJsonArray("events").getJsonObject(0).getString("type")).isEqualTo("join");
      assertThat(body.getJsonArray("events").getJsonObject(0).getJsonObject("member").getString("id")).isEqualTo(member.id());
      service.awaitFrame(frame -> DashboardAddresses.NODES.equals(frame.getString("address"))
        && frame.getJsonObject("body").getJsonArray("nodes").size() == 2, "the nodes stream");

      JsonObject snapshot = service.request(DashboardAddresses.SNAPSHOT, new JsonObject());
      assertThat(snapshot.getJsonObject("body").getString("self")).isEqualTo("a@watch");
      assertThat(snapshot.getJsonObject("body").getJsonObject("groups").getJsonObject("default").containsKey("watched")).isTrue();

      // read-only: a service cannot publish what the dashboard shows, nor reach the nodes' own exchanges
      service.send(new JsonObject().put("type", "publish").put("address", DashboardAddresses.NODES).put("body", new JsonObject()));
      service.send(new JsonObject().put("type", "publish").put("address", DashboardAddresses.NOTICES).put("body", new JsonObject()));
      service.send(new JsonObject().put("type", "register").put("address", DashboardAddresses.figures(b.nodes().self().id())));
      Poll.until(Duration.ofSeconds(10), "three refusals", () -> service.errors().size() >= 3);
      assertThat(service.errors()).containsExactly("access_denied", "access_denied", "access_denied");
    }
  }

  @Test
  void theDashboardPageIsOnTheOperatorListenerOnly() {
    HttpResponse<String> page = new Http(a.adminPort()).get("/dashboard/");
    HttpResponse<String> bare = new Http(a.adminPort()).get("/dashboard");
    HttpResponse<String> publicPort = new Http(a.httpPort()).get("/dashboard/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>multinode dashboard</title>");
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.headers().firstValue("location")).contains("/dashboard/");
    assertThat(publicPort.statusCode()).isEqualTo(404);
    assertThat(new Http(a.httpPort()).get("/dashboard/eventbus/info").statusCode()).isEqualTo(404);
  }
}
