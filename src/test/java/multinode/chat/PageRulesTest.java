package multinode.chat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat page repeats the node's input rules (form limits, error texts): they must be the rules of {@link ChatRules}. */
class PageRulesTest {

  @Test
  void theFormsLimitsAreTheNodesRules() throws IOException {
    String page = Files.readString(Path.of("webroot/index.html"));

    assertThat(page).contains("id=\"nick\" name=\"nick\" maxlength=\"" + ChatRules.MAX_NICKNAME + "\"");
    assertThat(page).contains("id=\"text\" name=\"text\" maxlength=\"" + ChatRules.MAX_TEXT + "\"");
    assertThat(page).contains("pattern=\"" + ChatRules.ROOM_PATTERN.replace("_-", "_\\-") + "\"");
  }

  @Test
  void theErrorTextsSayTheNodesNumbers() throws IOException {
    String app = Files.readString(Path.of("webroot/app.js"));

    assertThat(app).contains("'A nickname is 1 to " + ChatRules.MAX_NICKNAME + " characters.'");
    assertThat(app).contains("'A message is 1 to " + ChatRules.MAX_TEXT + " characters.'");
    assertThat(app).contains("at most " + ChatRules.RATE_MESSAGES + " messages in " + ChatRules.RATE_WINDOW_MS / 1000 + " seconds");
    assertThat(app).contains("'A room name is 1 to 32 of a-z, 0-9, - and _.'");
    assertThat(ChatRules.ROOM_PATTERN).isEqualTo("[a-z0-9][a-z0-9_-]{0,31}");
  }
}
