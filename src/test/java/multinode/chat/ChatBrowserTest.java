package multinode.chat;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in headless Chromium, one tab on each node: what a user sees. Screenshots of every tab
 * are written under {@code target/screenshots/} when a test fails.
 */
@Tag("cluster")
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatBrowserTest {

  private final ClusterNodes cluster = new ClusterNodes(3);
  private Multinode a;
  private Multinode b;
  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();

  @BeforeAll
  void startTwoNodes() {
    a = cluster.start("a@browser");
    b = cluster.start("b@browser");
    cluster.awaitFormed();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void aMessageTypedInOneTabAppearsInTheOtherAndPresenceSpansNodes() {
    int alice = join(a, "alice", "lobby");
    int bob = join(b, "bob", "lobby");

    say(alice, "hello from node a");

    awaitText(bob, "#messages li .text", "hello from node a");
    assertThat(browser().find(bob, "#messages li .from").getText()).isEqualTo("alice");
    awaitPresence(alice, "alice", "bob");
    awaitPresence(bob, "alice", "bob");
    assertThat(browser().find(alice, "#status").getText()).isEqualTo("connected to a@browser");
    assertThat(browser().find(bob, "#status").getText()).isEqualTo("connected to b@browser");
    assertThat(browser().find(bob, "#presence").getText()).contains("a@browser", "b@browser");

    browser().closeTab(bob);

    awaitPresence(alice, "alice");
  }

  @Test
  void markupInNicknamesAndMessagesShowsAsText() {
    // an alert would fail the test: Selenium refuses to go on while one is open
    String nick = "<img src=x onerror=alert(1)>";
    String text = "<script>alert(2)</script><img src=x onerror=alert(3)><b>bold?</b>";
    int mallory = join(a, nick, "xss");
    int bob = join(b, "bob", "xss");

    say(mallory, text);

    awaitText(bob, "#messages li .text", text);
    assertThat(browser().find(bob, "#messages li .from").getText()).isEqualTo(nick);
    assertThat(browser().all(bob, "#messages img, #messages script, #messages b, #presence img")).isEmpty();
    assertThat(browser().tab(bob).getTitle()).isEqualTo("multinode chat");
    awaitPresence(bob, nick, "bob");
  }

  @Test
  void thePageFailsOverWhenItsNodeDiesAndMissesNoMessage() {
    Multinode victim = cluster.start("c@browser");
    cluster.awaitFormed();
    int page = join(victim, "carol", "failover");
    AtomicInteger posted = new AtomicInteger();
    int total = 60;
    long timer = b.vertx().setPeriodic(25, id -> {
      int n = posted.incrementAndGet();
      if (n > total) {
        b.vertx().cancelTimer(id);
      } else {
        b.chat().post("failover", "system", "message " + n);
      }
    });
    Poll.until(Duration.ofSeconds(10), "the page shows some messages",
      () -> browser().all(page, "#messages li[data-seq]").size() >= 10);

    cluster.crash(victim);

    Poll.until(Duration.ofSeconds(20), "the page says it is connected to another node",
      () -> browser().find(page, "#status").getText().matches("connected to [ab]@browser"));
    Poll.until(Duration.ofSeconds(20), "the page shows all " + total + " messages",
      () -> browser().all(page, "#messages li[data-seq]").size() == total);
    b.vertx().cancelTimer(timer);
    List<String> texts = browser().all(page, "#messages li[data-seq] .text").stream().map(WebElement::getText).toList();
    assertThat(texts).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, total)
      .mapToObj(i -> "message " + i).toList());
    browser().screenshot(page, "failover");
  }

  @Test
  void earlierMessagesLoadAtTheTopOfTheListUntilTheFirst() {
    int total = Chat.HISTORY + 80;
    for (int i = 1; i <= total; i++) {
      ClusterNodes.await(b.chat().post("long", "system", "message " + i));
    }
    int page = join(a, "erin", "long");
    Poll.until(Duration.ofSeconds(10), "the page shows the newest " + Chat.HISTORY, () -> BrowserSteps.texts(browser(), page).size() == Chat.HISTORY);
    assertThat(browser().find(page, "#earlier").isDisplayed()).isTrue();

    browser().find(page, "#earlier").click();
    Poll.until(Duration.ofSeconds(10), "the page shows 50 more", () -> BrowserSteps.texts(browser(), page).size() == Chat.HISTORY + 50);
    browser().find(page, "#earlier").click();

    Poll.until(Duration.ofSeconds(10), "the page shows all " + total, () -> BrowserSteps.texts(browser(), page).size() == total);
    assertThat(BrowserSteps.texts(browser(), page)).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, total)
      .mapToObj(i -> "message " + i).toList());
    Poll.until(Duration.ofSeconds(5), "the button goes once the first is shown", () -> !browser().find(page, "#earlier").isDisplayed());
  }

  private int join(Multinode node, String nick, String room) {
    return BrowserSteps.join(browser(), node, nick, room);
  }

  private void say(int tab, String text) {
    BrowserSteps.say(browser(), tab, text);
  }

  private void awaitText(int tab, String css, String text) {
    Poll.until(Duration.ofSeconds(10), "\"" + text + "\" in " + css,
      () -> browser().all(tab, css).stream().anyMatch(e -> e.getText().replace("\n", "").endsWith(text)));
  }

  private void awaitPresence(int tab, String... nicks) {
    BrowserSteps.awaitPresence(browser(), tab, nicks);
  }

  private Browser browser() {
    return browsers.get();
  }
}
