package multinode.chat;

import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static multinode.chat.BrowserSteps.awaitPresence;
import static multinode.chat.BrowserSteps.say;
import static multinode.chat.BrowserSteps.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page over each transport the official sockjs-client can fall back to when WebSocket is blocked
 * (the page's {@code ?transports=} limits it to one), beside a page on WebSocket, in headless Chromium.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatTransportsBrowserTest {

  private Multinode node;
  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();

  @BeforeAll
  void start() {
    node = ClusterNodes.alone("transports@chat");
  }

  @AfterAll
  void stop() {
    ClusterNodes.await(node.close());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"xhr-streaming", "xhr-polling", "websocket"})
  void aPageLimitedToOneTransportChatsBothWays(String transport) {
    Browser browser = browsers.get();
    String room = transport.replace("-", "");
    int limited = BrowserSteps.join(browser, "http://127.0.0.1:" + node.httpPort() + "/?transports=" + transport, "limited", room);
    int open = BrowserSteps.join(browser, node, "open", room);
    awaitPresence(browser, limited, "limited", "open");

    say(browser, limited, "over " + transport);
    say(browser, open, "over websocket");

    Poll.until(Duration.ofSeconds(15), "both pages show both messages", () ->
      texts(browser, limited).size() == 2 && texts(browser, open).size() == 2);
    assertThat(texts(browser, limited)).isEqualTo(List.of("over " + transport, "over websocket"));
    assertThat(texts(browser, open)).isEqualTo(texts(browser, limited));
  }
}
