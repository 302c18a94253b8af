package multinode.chat;

import multinode.Multinode;
import multinode.test.Poll;
import multinode.test.SharedDeployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The tutorial's two chat instances where nodes cannot cluster, run unchanged over every server they can
 * share rooms through: two nodes started without {@code -cluster}, a page on each, in headless Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedRoomsBrowserContract {

  SharedDeployment deployment;
  Multinode a;
  Multinode b;
  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();

  /** The deployment under test, with two nodes started. */
  abstract SharedDeployment deploy();

  @BeforeAll
  void start() {
    deployment = deploy();
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
    assertThat(browser().find(alice, "#presence").getText()).contains(a.nodes().self().name(), b.nodes().self().name());
    int carol = join(browser(), a, "carol", "lobby");
    Poll.until(Duration.ofSeconds(10), "a page joining later gets the whole history",
      () -> texts(browser(), carol).equals(texts(browser(), bob)));
    awaitPresence(browser(), bob, "alice", "bob", "carol");
    browser().screenshot(bob, getClass().getSimpleName());
  }

  Browser browser() {
    return browsers.get();
  }
}
