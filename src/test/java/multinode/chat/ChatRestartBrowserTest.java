package multinode.chat;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page left open while every node of the cluster stops and starts again (the {@code cluster} store
 * keeps history in the cluster's memory, so it starts empty, under a new epoch): the page must show
 * what is said after the restart, not drop it as numbers it has already seen.
 */
@Tag("cluster")
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatRestartBrowserTest {

  private final ClusterNodes cluster = new ClusterNodes(4);
  private Multinode a;
  private Multinode b;

  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();

  @BeforeAll
  void start() {
    a = cluster.start("a@restart");
    b = cluster.start("b@restart");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void aPageLeftOpenThroughAFullRestartShowsEverythingSaidAfterIt() {
    int page = BrowserSteps.join(browser(), a, "carol", "restart");
    for (int i = 1; i <= 3; i++) {
      await(b.chat().post("restart", "system", "before " + i));
    }
    Poll.until(Duration.ofSeconds(10), "the page shows the first three", () -> texts(page).size() == 3);
    int portA = a.httpPort();
    int portB = b.httpPort();

    cluster.stop(a);
    cluster.stop(b);
    Poll.until(Duration.ofSeconds(20), "the page says it lost its node", () ->
      browser().find(page, "#status").getText().startsWith("connection lost"));
    a = cluster.start(cluster.config("a@restart", new JsonObject().put("http", new JsonObject().put("port", portA))));
    b = cluster.start(cluster.config("b@restart", new JsonObject().put("http", new JsonObject().put("port", portB))));
    cluster.awaitFormed();
    Poll.until(Duration.ofSeconds(30), "the page is back in the room", () -> !a.chat().presence("restart").isEmpty());
    for (int i = 1; i <= 4; i++) {
      await(b.chat().post("restart", "system", "after " + i));
    }

    Poll.until(Duration.ofSeconds(20), "the page shows the four said after the restart",
      () -> texts(page).equals(List.of("after 1", "after 2", "after 3", "after 4")));
    assertThat(browser().texts(page, "#messages li.notice"))
      .anySatisfy(notice -> assertThat(notice).startsWith("The room's history changed while you were away"));
    browser().screenshot(page, "restart");
  }

  private List<String> texts(int page) {
    return BrowserSteps.texts(browser(), page);
  }

  private Browser browser() {
    return browsers.get();
  }
}
