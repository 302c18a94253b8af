package multinode.chat;

import multinode.test.Poll;
import multinode.test.SharedDeployment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static multinode.chat.BrowserSteps.join;
import static multinode.chat.BrowserSteps.say;
import static multinode.chat.BrowserSteps.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared-rooms pages over a real {@code redis-server} (the Redis adapter, and so the {@code redis}
 * history store); and Redis going away under a page.
 */
@Tag("browser")
class ChatRedisBrowserTest extends SharedRoomsBrowserContract {

  @Override
  SharedDeployment deploy() {
    return SharedDeployment.redis("a@redis-page", "b@redis-page");
  }

  @Test
  void whileRedisIsDownTheUserSeesTheMessageWasNotSentAndAfterwardsItIs() {
    int dave = join(browser(), b, "dave", "outage");
    say(browser(), dave, "before");
    Poll.until(Duration.ofSeconds(10), "the page shows it", () -> texts(browser(), dave).equals(List.of("before")));

    deployment.server().stop();
    try {
      say(browser(), dave, "during");
      Poll.until(Duration.ofSeconds(10), "the page answers", () -> !browser().find(dave, "#error").getText().isEmpty());
      assertThat(browser().find(dave, "#error").getText()).isEqualTo(
        "The room's history cannot be reached right now, so nothing was sent; try again.");
      assertThat(browser().find(dave, "#text").getAttribute("value")).as("the text is given back").isEqualTo("during");
      browser().screenshot(dave, "history-unavailable");
    } finally {
      deployment.server().start();
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
}
