package multinode.web;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.groups.GroupMember;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.Metrics;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics} on two clustered nodes, read as Prometheus reads it. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {

  private ClusterNodes cluster;
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void start() {
    cluster = new ClusterNodes(2);
    a = cluster.start("metrics-a@test");
    b = cluster.start("metrics-b@test");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void theMetricsPageIsPrometheusTextWithVertxAndJvmMeters() {
    HttpResponse<String> response = new Http(a.adminPort()).get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(response.body()).contains("# TYPE vertx_eventbus_handlers gauge", "vertx_http_server_active_requests",
      "jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads", "process_cpu_usage");
    assertThat(Metrics.value(response.body(), "multinode_nodes")).isEqualTo(2);
  }

  @Test
  void groupMembersPubSubMessagesAndChatSocketsAreCounted() {
    GroupMember member = await(a.groups().member(message -> { }, new JsonObject()));
    await(a.groups().join("metrics-workers", member));
    await(b.pubSub().subscribe("metrics.topic", message -> { }));
    Poll.until(Duration.ofSeconds(10), "b's group replica and a's pubsub see each other",
      () -> b.groups().members("metrics-workers").size() == 1);
    double publishedBefore = Metrics.value(a.adminPort(), "multinode_pubsub_messages_total{direction=\"published\"}");
    double deliveredBefore = Metrics.value(b.adminPort(), "multinode_pubsub_messages_total{direction=\"delivered\"}");
    WebSocketClient client = a.vertx().createWebSocketClient();
    WebSocket socket = await(client.connect(new WebSocketConnectOptions()
      .setHost("127.0.0.1").setPort(a.httpPort()).setURI("/eventbus/websocket")));

    for (int i = 0; i < 3; i++) {
      await(a.pubSub().broadcast("metrics.topic", new JsonObject().put("i", i)));
    }

    assertThat(Metrics.value(a.adminPort(), "multinode_group_members{scope=\"default\",where=\"local\"}")).isEqualTo(1);
    assertThat(Metrics.value(b.adminPort(), "multinode_group_members{scope=\"default\",where=\"all\"}")).isEqualTo(1);
    assertThat(Metrics.value(b.adminPort(), "multinode_group_members{scope=\"default\",where=\"local\"}")).isEqualTo(0);
    assertThat(Metrics.value(a.adminPort(), "multinode_pubsub_messages_total{direction=\"published\"}") - publishedBefore)
      .isEqualTo(3);
    Poll.until(Duration.ofSeconds(10), "b counts the three deliveries",
      () -> Metrics.value(b.adminPort(), "multinode_pubsub_messages_total{direction=\"delivered\"}") - deliveredBefore == 3);
    assertThat(Metrics.value(a.adminPort(), "multinode_chat_sockets")).isEqualTo(1);
    assertThat(Metrics.value(b.adminPort(), "multinode_chat_sockets")).isEqualTo(0);

    await(socket.close());
    Poll.until(Duration.ofSeconds(10), "the closed socket is no longer counted",
      () -> Metrics.value(a.adminPort(), "multinode_chat_sockets") == 0);
    await(client.close());
  }
}
