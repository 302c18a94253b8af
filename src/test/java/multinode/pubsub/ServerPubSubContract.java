package multinode.pubsub;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.pubsub.impl.AdapterLink;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.LogCapture;
import multinode.test.Poll;
import multinode.test.ReliabilityLog;
import multinode.test.SharedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The pubsub contract through a real server the test starts, between two nodes that are not clustered;
 * and what every adapter through a server that keeps what it acknowledged promises besides: a direct
 * broadcast to a node that is not there is refused, and the server restarting under a stream of
 * broadcasts loses none that it acknowledged, while {@code /ready} and the log say so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerPubSubContract extends PubSubContract {

  private final SharedServer server;
  private final String adapter;
  private final Function<String, JsonObject> overrides;
  private final List<Multinode> nodes = new ArrayList<>();

  /**
   * @param adapter the adapter's name, as {@code pubsub.adapter} says it
   * @param overrides a node's configuration for the server at this URL
   */
  ServerPubSubContract(SharedServer server, String adapter, Function<String, JsonObject> overrides) {
    this.server = server;
    this.adapter = adapter;
    this.overrides = overrides;
  }

  @BeforeAll
  void start() {
    server.start();
    nodes.add(ClusterNodes.alone("a@" + adapter, overrides.apply(server.url())));
    nodes.add(ClusterNodes.alone("b@" + adapter, overrides.apply(server.url())));
  }

  @AfterAll
  void stop() {
    nodes.forEach(n -> await(n.close()));
    server.close();
  }

  @Override
  List<Multinode> nodes() {
    return nodes;
  }

  SharedServer server() {
    return server;
  }

  @Test
  void aDirectBroadcastToANodeThatIsNotThereIsRefused() {
    Throwable refused = catchThrowable(() -> await(node(0).directBroadcast("nobody@" + adapter, "t", msg(1))));

    assertThat(refused).isInstanceOfSatisfying(PubSubException.class,
      e -> assertThat(e.failure()).isEqualTo(PubSubFailure.NO_SUCH_NODE));
  }

  @Test
  void aServerRestartUnderAStreamLosesNothingAcknowledgedAndTheNodeSaysSo() {
    try (LogCapture logged = LogCapture.of(AdapterLink.class); LogCapture everything = LogCapture.everything()) {
      JsonObject figures = aRestartUnderAStreamLosesNothingAcknowledged(() -> {
        server.stop();
        Poll.until(Duration.ofSeconds(10), "/ready names the adapter", () -> new JsonObject(
          new Http(nodes.get(0).httpPort()).get("/ready").body()).getJsonArray("missing").contains("pubsub (" + adapter + ")"));
      }, server::start);

      assertThat(figures.getLong("lost")).isZero();
      assertThat(logged.lines())
        .anyMatch(line -> line.startsWith(adapter + " pubsub: ") && line.contains("cannot be reached"))
        .anyMatch(line -> line.startsWith(adapter + " pubsub: connected again"));
      // the outage is said by the adapter alone: no client library's lines, no stack traces
      assertThat(everything.warnings()).as("the warnings and errors while the server restarted")
        .allMatch(line -> line.startsWith("WARN " + AdapterLink.class.getName() + ": " + adapter + " pubsub: "));
      assertThat(everything.stackTraces()).as("stack traces while the server restarted").isEmpty();
      Poll.until(Duration.ofSeconds(10), "/ready again", () -> new Http(nodes.get(0).httpPort()).get("/ready").statusCode() == 200);
      ReliabilityLog.record(new JsonObject().put("scenario", adapter + " restart, streaming")
        .put("sent", figures.getLong("acknowledged")).put("delivered", figures.getLong("acknowledged") - figures.getLong("lost"))
        .put("lost", figures.getLong("lost")).put("convergenceMs", figures.getLong("resumedMs"))
        .put("note", figures.getLong("refused") + " " + adapter + " broadcasts refused with adapter_unavailable while it was down"));
    }
  }
}
