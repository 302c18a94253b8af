package multinode.chat;

import multinode.Multinode;
import multinode.test.Poll;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;

/** What a user does on the chat page, and waits for, in the browser tests. */
public final class BrowserSteps {

  private BrowserSteps() {
  }

  /** Opens the page on the node, joins the room under the nickname, and returns the tab. */
  public static int join(Browser browser, Multinode node, String nick, String room) {
    return join(browser, "http://127.0.0.1:" + node.httpPort() + "/", nick, room);
  }

  /** Opens the page at this address in a new tab and joins, as {@link #join(Browser, Multinode, String, String)}. */
  public static int join(Browser browser, String page, String nick, String room) {
    int tab = browser.open(page);
    awaitConnected(browser, tab);
    browser.find(tab, "#nick").sendKeys(nick);
    WebElement roomInput = browser.find(tab, "#room");
    roomInput.clear();
    roomInput.sendKeys(room, Keys.ENTER);
    Poll.until(Duration.ofSeconds(10), nick + " is in the room", () -> browser.find(tab, "#chat").isDisplayed()
      && browser.find(tab, "#room-name").getText().equals(room));
    return tab;
  }

  /**
   * Waits until the page says it is connected; when it never does, the failure names what the tab shows
   * instead (a browser error page, another server's page, a status that stayed "connecting").
   */
  public static void awaitConnected(Browser browser, int tab) {
    try {
      Poll.until(Duration.ofSeconds(15), "the page connects", () -> browser.all(tab, "#status").stream()
        .anyMatch(status -> status.getText().startsWith("connected")));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the page never said connected; the tab shows " + browser.describe(tab), e);
    }
  }

  /** Types a message and presses Enter. */
  public static void say(Browser browser, int tab, String text) {
    browser.find(tab, "#text").sendKeys(text, Keys.ENTER);
  }

  /** Waits until the presence list shows exactly these nicknames. */
  public static void awaitPresence(Browser browser, int tab, String... nicks) {
    // read in one go in the page: the list is drawn again at every change
    Poll.until(Duration.ofSeconds(15), "presence shows exactly " + List.of(nicks), () -> ((List<?>) browser.script(tab,
      "return [...document.querySelectorAll('#presence li')].map(li => li.firstChild.textContent)")).stream()
      .map(String::valueOf).sorted().toList().equals(List.of(nicks).stream().sorted().toList()));
  }

  /** The texts of the messages the tab shows, in order. */
  public static List<String> texts(Browser browser, int tab) {
    return browser.texts(tab, "#messages li[data-seq] .text");
  }
}
