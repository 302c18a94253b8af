package multinode.discovery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.LogCapture;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service-discovery records on 3 clustered nodes, read as another Vert.x service in the cluster reads them
 * (vertx-service-discovery) and over {@code GET /api/services}: published on start, gone at once after a
 * clean stop, and gone within the failure-detection bound + 1 s after a crash.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscoveryClusterTest {

  /** Heartbeat timeout (4 s) + 1 s. */
  private static final Duration CRASH_BOUND = Duration.ofSeconds(5);

  private final ClusterNodes cluster = new ClusterNodes(3);
  private Multinode a;
  private Multinode b;
  private Multinode c;
  private ServiceDiscovery discovery;

  @BeforeAll
  void startThreeNodes() {
    a = cluster.start("a@discovery");
    b = cluster.start("b@discovery");
    c = cluster.start("c@discovery");
    cluster.awaitFormed();
    discovery = ServiceDiscovery.create(a.vertx());
  }

  @AfterAll
  void stop() {
    discovery.close();
    cluster.close();
  }

  @Test
  @Order(1)
  void everyNodePublishesItsEndpointsWithItsNameAndVersion() {
    List<Record> web = await(discovery.getRecords(new JsonObject().put("name", ServiceRecords.WEB)));

    assertThat(web).extracting(r -> r.getMetadata().getString("node"))
      .containsExactlyInAnyOrder("a@discovery", "b@discovery", "c@discovery");
    assertThat(web).allSatisfy(r -> assertThat(r.getMetadata().getString("version")).isNotBlank());
    Record webOfB = web.stream().filter(r -> r.getMetadata().getString("node").equals("b@discovery")).findFirst().orElseThrow();
    assertThat(webOfB.getLocation().getInteger("port")).isEqualTo(b.httpPort());
    assertThat(new Http(webOfB.getLocation().getInteger("port")).get("/health").statusCode()).isEqualTo(200);

    List<Record> bridges = await(discovery.getRecords(new JsonObject().put("name", ServiceRecords.BRIDGE)));
    assertThat(bridges).extracting(r -> r.getLocation().getInteger("port"))
      .containsExactlyInAnyOrder(a.bridgePort(), b.bridgePort(), c.bridgePort());
    assertThat(await(discovery.getRecords(new JsonObject().put("name", ServiceRecords.GROUPS)))).hasSize(3);
    assertThat(await(discovery.getRecords(new JsonObject().put("name", ServiceRecords.PUBSUB)))).hasSize(3);
  }

  @Test
  @Order(2)
  void theEventBusApisTheRecordsNameAnswer() {
    Record groups = await(discovery.getRecord(new JsonObject().put("name", ServiceRecords.GROUPS)));
    Record pubsub = await(discovery.getRecord(new JsonObject().put("name", ServiceRecords.PUBSUB)));
    List<JsonObject> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    await(c.pubSub().subscribe("events.found", message -> received.add(message.json())));

    JsonObject created = await(a.vertx().eventBus().<JsonObject>request(groups.getLocation().getString("endpoint"),
      new JsonObject().put("action", "create").put("group", "found"))).body();
    JsonObject sent = await(a.vertx().eventBus().<JsonObject>request(pubsub.getLocation().getString("endpoint"),
      new JsonObject().put("action", "broadcast").put("topic", "events.found").put("message", new JsonObject().put("hi", 1)))).body();

    assertThat(created.getString("created")).isEqualTo("found");
    assertThat(sent.getBoolean("ok")).isTrue();
    Poll.until(Duration.ofSeconds(5), "c got the broadcast", () -> received.size() == 1);
    assertThat(received.get(0).getInteger("hi")).isEqualTo(1);
  }

  @Test
  @Order(3)
  void theHttpApiListsTheRecordsAndFiltersByName() {
    JsonObject all = new JsonObject(new Http(b.adminPort()).get("/api/services").body());
    JsonObject web = new JsonObject(new Http(b.adminPort()).get("/api/services?name=multinode-web").body());

    assertThat(all.getJsonArray("services")).hasSize(15);
    assertThat(nodes(web.getJsonArray("services"))).containsExactly("a@discovery", "b@discovery", "c@discovery");
  }

  @Test
  @Order(4)
  void aCrashedNodesRecordsGoWithinTheFailureDetectionBoundPlusOneSecond() {
    long start = System.nanoTime();
    try (LogCapture log = LogCapture.everything()) {
      cluster.crash(c);
      // c's Vert.x closed after its cluster was gone: its records are the others' to remove, and its stop
      // is not an error
      assertThat(log.stackTraces()).isEmpty();
    }

    // each of c's four records is removed on its own: wait for the last of them
    Poll.until(CRASH_BOUND, "c's records gone", () -> webNodes().equals(List.of("a@discovery", "b@discovery"))
      && await(discovery.getRecords(r -> "c@discovery".equals(r.getMetadata().getString("node")), true)).isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(CRASH_BOUND);
    assertThat(await(discovery.getRecords(r -> "c@discovery".equals(r.getMetadata().getString("node")), true))).isEmpty();
  }

  @Test
  @Order(5)
  void aCleanlyStoppedNodesRecordsAreGoneWhenItHasStopped() {
    cluster.stop(b);

    assertThat(webNodes()).containsExactly("a@discovery");
    assertThat(await(discovery.getRecords(r -> "b@discovery".equals(r.getMetadata().getString("node")), true))).isEmpty();
  }

  private List<String> webNodes() {
    return nodes(new JsonObject(new Http(a.adminPort()).get("/api/services?name=multinode-web").body()).getJsonArray("services"));
  }

  private static List<String> nodes(JsonArray services) {
    return services.stream().map(s -> ((JsonObject) s).getJsonObject("metadata").getString("node")).toList();
  }
}
