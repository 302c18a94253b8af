package multinode.chat;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user expects of a chat page, in headless Chromium, one tab on each of two nodes: who you are,
 * your own messages told apart, people coming and going, the node a message came through, notices that
 * nobody can pass for, leaving a room for another, a favicon, a phone's screen; and a page that fails
 * over learns the nodes from the node it reaches. Each check has its screenshot under
 * {@code target/screenshots/}.
 */
@Tag("cluster")
@Tag("browser")
class ChatPageTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final ClusterNodes cluster = new ClusterNodes(4);
  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aUserSeesWhoTheyAreWhoCameAndWentWhereMessagesCameThroughAndNotices() {
    Multinode a = cluster.start("a@page");
    Multinode b = startAndJoin("b@page");
    int alice = BrowserSteps.join(browser(), a, "alice", "lobby");
    assertThat(browser().find(alice, "#me").getText()).isEqualTo("alice");

    int bob = BrowserSteps.join(browser(), b, "bob", "lobby");
    awaitLine(alice, "#messages li.event", "bob joined");
    BrowserSteps.say(browser(), alice, "hello from a");
    Poll.until(WAIT, "bob has alice's message", () -> BrowserSteps.texts(browser(), bob).contains("hello from a"));
    Poll.until(WAIT, "alice has her own message", () -> BrowserSteps.texts(browser(), alice).contains("hello from a"));
    assertThat(browser().texts(alice, "#messages li.mine .from")).containsExactly("alice (you)");
    assertThat(browser().texts(bob, "#messages li.mine")).isEmpty();
    assertThat(browser().texts(bob, "#messages li[data-seq] .from")).containsExactly("alice");
    assertThat(browser().find(bob, "#messages li[data-seq] .via").isDisplayed()).isTrue();
    assertThat(browser().texts(bob, "#messages li[data-seq] .via")).containsExactly("via a@page");

    ClusterNodes.await(b.chat().post("lobby", "system", "deploy finished"));
    Poll.until(WAIT, "both have the notice", () -> browser().texts(alice, "#messages li.system .text").contains("deploy finished")
      && browser().texts(bob, "#messages li.system .text").contains("deploy finished"));
    assertThat(browser().texts(bob, "#messages li.system .from")).containsExactly("Notice");
    // a notice does not look like a message: its own background and border
    assertThat(style(bob, "#messages li.system", "backgroundColor")).isNotEqualTo(style(bob, "#messages li[data-seq]:not(.system)", "backgroundColor"));
    assertThat(style(bob, "#messages li.system", "borderLeftStyle")).isEqualTo("solid");
    // a service's message (the TCP bridge's) is marked as a service's: neither a notice nor a person's
    ClusterNodes.await(a.chat().postAsService("lobby", "backup-bot", "backup done"));
    Poll.until(WAIT, "bob has the service's message", () -> browser().texts(bob, "#messages li.service .text").contains("backup done"));
    assertThat(browser().texts(bob, "#messages li.service .from")).containsExactly("backup-bot (service)");
    assertThat(style(bob, "#messages li.service", "borderLeftStyle")).isEqualTo("solid");
    browser().screenshot(bob, "page-messages");

    browser().find(bob, "#leave").click();
    awaitLine(alice, "#messages li.event", "bob left");
    BrowserSteps.awaitPresence(browser(), alice, "alice");
    assertThat(browser().find(bob, "#join-form").isDisplayed()).isTrue();
    browser().find(bob, "#room").clear();
    browser().find(bob, "#room").sendKeys("elsewhere", org.openqa.selenium.Keys.ENTER);
    Poll.until(WAIT, "bob is in the other room", () -> browser().find(bob, "#room-name").getText().equals("elsewhere"));
    BrowserSteps.awaitPresence(browser(), bob, "bob");
    assertThat(BrowserSteps.texts(browser(), bob)).doesNotContain("hello from a");
    browser().screenshot(alice, "page-left");

    // the page's icon is there: browsers ask for it at every load
    assertThat(browser().script(alice, "return fetch(document.querySelector('link[rel=icon]').href).then(r => r.status)"))
      .isEqualTo(200L);
  }

  @Test
  void onAPhonesScreenTheMessageBoxAndSendFitWithoutScrolling() {
    Multinode a = cluster.start("a@page");
    int page = BrowserSteps.join(browser(), a, "pat", "phone");
    for (int i = 1; i <= 30; i++) {
      ClusterNodes.await(a.chat().post("phone", "system", "notice " + i));
    }
    browser().resize(390, 844);
    Poll.until(WAIT, "the page shows the notices", () -> BrowserSteps.texts(browser(), page).size() == 30);

    @SuppressWarnings("unchecked")
    Map<String, Object> fit = (Map<String, Object>) browser().script(page, """
      const send = document.getElementById('send').getBoundingClientRect();
      const text = document.getElementById('text').getBoundingClientRect();
      return {width: innerWidth, height: innerHeight, send: send.bottom, sendRight: send.right, text: text.bottom,
        scroll: document.scrollingElement.scrollHeight};
      """);
    browser().screenshot(page, "page-phone");
    long height = (Long) fit.get("height");
    assertThat(((Number) fit.get("send")).doubleValue()).as("Send on screen: %s", fit).isLessThanOrEqualTo(height);
    assertThat(((Number) fit.get("text")).doubleValue()).as("the message box on screen: %s", fit).isLessThanOrEqualTo(height);
    assertThat(((Number) fit.get("sendRight")).doubleValue()).as("Send within the width: %s", fit)
      .isLessThanOrEqualTo(((Number) fit.get("width")).doubleValue());
    assertThat((Long) fit.get("scroll")).as("no scrolling: %s", fit).isLessThanOrEqualTo(height);
  }

  @Test
  void aPageThatFailedOverLearnsTheNodesFromTheNodeItReached() {
    Multinode a = cluster.start("a@page");
    Multinode b = startAndJoin("b@page");
    int page = BrowserSteps.join(browser(), a, "fran", "moving");
    // a node the page has never heard of: its first list came from a before d existed
    Multinode d = startAndJoin("d@page");

    cluster.crash(a);
    Poll.until(Duration.ofSeconds(30), "the page on b", () -> browser().find(page, "#status").getText().equals("connected to b@page"));
    awaitLine(page, "#messages li.event", "reconnected through b@page");
    cluster.crash(b);

    Poll.until(Duration.ofSeconds(30), "the page on d, which only b could tell it of",
      () -> browser().find(page, "#status").getText().equals("connected to d@page"));
    awaitLine(page, "#messages li.event", "reconnected through d@page");
    ClusterNodes.await(d.chat().post("moving", "system", "still here"));
    Poll.until(WAIT, "the page has d's notice", () -> BrowserSteps.texts(browser(), page).contains("still here"));
    browser().screenshot(page, "page-failover");
  }

  /** Starts a node and waits until the cluster has it. */
  private Multinode startAndJoin(String name) {
    Multinode node = cluster.start(name);
    cluster.awaitFormed();
    return node;
  }

  private void awaitLine(int tab, String css, String text) {
    Poll.until(WAIT, "\"" + text + "\" in " + css, () -> browser().texts(tab, css).contains(text));
  }

  private String style(int tab, String css, String property) {
    return (String) browser().script(tab, "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]", css, property);
  }

  private Browser browser() {
    return browsers.get();
  }
}
