package multinode.chat;

import multinode.Multinode;
import multinode.test.Poll;
import multinode.test.RedisDeployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static multinode.chat.BrowserSteps.awaitPresence;
import static multinode.chat.BrowserSteps.join;
import static multinode.chat.BrowserSteps.say;
import static multinode.chat.BrowserSteps.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial's deployment where nodes cannot cluster: two nodes started without {@code -cluster} that
 * share rooms through a real {@code redis-server} (the Redis adapter, and so the {@code redis} history
 * store), a page on each, in headless Chromium.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatRedisBrowserTest {

  private RedisDeployment deployment;
  private Multinode a;
  private Multinode b;
  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();

  @BeforeAll
  void start() {
    deployment = new RedisDeployment("a@redis-page", "b@redis-page");
    a = deployment.nodes().get(0);
    b = deployment.nodes().get(1);
  }

  @AfterAll
  void stop() {
    deployment.close();
  }

  @Test
  void pagesOnBothNodesShowEveryMessageOnceInOneOrderAndBothUsers() {
    int alice = join(browser(), a, "alice", "lobby");
    int bob = join(browser(), b, "bob", "lobby");
    awaitPresence(browser(), alice, "alice", "bob");
    awaitPresence(browser(), bob, "alice", "bob");
    List<String> said = new ArrayList<>();

    for (int i = 1; i <= 6; i++) {
      say(browser(), alice, "alice " + i);
      say(browser(), bob, "bob " + i);
      said.add("alice " + i);
      said.add("bob " + i);
    }

    Poll.until(Duration.ofSeconds(20), "both pages show all 12", () ->
      texts(browser(), alice).size() == 12 && texts(browser(), bob).size() == 12);
    assertThat(texts(browser(), alice)).containsExactlyInAnyOrderElementsOf(said).isEqualTo(texts(browser(), bob));
    assertThat(browser().find(alice, "#presence").getText()).contains("a@redis-page", "b@redis-page");
    int carol = join(browser(), a, "carol", "lobby");
    Poll.until(Duration.ofSeconds(10), "a page joining later gets the whole history",
      () -> texts(browser(), carol).equals(texts(browser(), bob)));
    awaitPresence(browser(), bob, "alice", "bob", "carol");
    browser().screenshot(bob, "redis-deployment");
  }

  @Test
  void whileRedisIsDownTheUserSeesTheMessageWasNotSentAndAfterwardsItIs() {
    int dave = join(browser(), b, "dave", "outage");
    say(browser(), dave, "before");
    Poll.until(Duration.ofSeconds(10), "the page shows it", () -> texts(browser(), dave).equals(List.of("before")));

    deployment.redis().stop();
    try {
      say(browser(), dave, "during");
      Poll.until(Duration.ofSeconds(10), "the page answers", () -> !browser().find(dave, "#error").getText().isEmpty());
      assertThat(browser().find(dave, "#error").getText()).isEqualTo(
        "The room's history cannot be reached right now, so nothing was sent; try again.");
      assertThat(browser().find(dave, "#text").getAttribute("value")).as("the text is given back").isEqualTo("during");
      browser().screenshot(dave, "history-unavailable");
    } finally {
      deployment.redis().start();
    }
    browser().find(dave, "#text").clear();
    Poll.until(Duration.ofSeconds(30), "the node reaches Redis again", () -> b.chat().historyAvailable());

    say(browser(), dave, "after");

    Poll.until(Duration.ofSeconds(10), "the page shows it", () -> texts(browser(), dave).contains("after"));
    assertThat(texts(browser(), dave)).doesNotContain("during");
    // the test's Redis keeps nothing on disk: the room's history started again, and the page says so
    assertThat(texts(browser(), dave)).containsExactly("after");
    assertThat(browser().texts(dave, "#messages li.notice")).anySatisfy(notice ->
      assertThat(notice).startsWith("The room's history changed while you were away"));
  }

  private Browser browser() {
    return browsers.get();
  }
}
