package multinode.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/configuration.md} lists exactly the keys the code knows, with their variables and defaults. */
class ConfigurationDocsTest {

  /** A row of the table: {@code | `key` | `VARIABLE` | default | meaning |}. */
  private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z.]+)` \\| `(MULTINODE_[A-Z_]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

  private static Map<String, String[]> rows() throws IOException {
    Matcher row = ROW.matcher(Files.readString(Path.of("docs/configuration.md")));
    Map<String, String[]> rows = new LinkedHashMap<>();
    while (row.find()) {
      rows.put(row.group(1), new String[] {row.group(2), row.group(3).trim()});
    }
    return rows;
  }

  @Test
  void everyKeyIsListedOnceWithItsVariable() throws IOException {
    Map<String, String[]> rows = rows();

    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(Setting.values()).map(Setting::key).toList());
    for (Setting setting : Setting.values()) {
      assertThat(rows.get(setting.key())[0]).as(setting.key()).isEqualTo(setting.env());
    }
  }

  @Test
  void everyDefaultThatIsAValueIsTheOneInConfMultinodeJson() throws IOException {
    Map<String, String[]> rows = rows();
    ConfigReader defaults = new ConfigReader(ConfigLoader.defaults());
    for (Setting setting : Setting.values()) {
      String documented = rows.get(setting.key())[1];
      String value = shown(defaults.raw(setting.key()));
      if (!value.isEmpty()) {
        assertThat(documented).as(setting.key()).startsWith("`" + value + "`");
      } else {
        assertThat(documented).as(setting.key() + " has no default value: the page says what happens").doesNotStartWith("``");
      }
    }
  }

  /** A default as the page shows it: lists comma-separated; empty strings and lists as "". */
  private static String shown(Object value) {
    if (value instanceof JsonArray list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return value instanceof JsonObject ? "" : String.valueOf(value);
  }
}
