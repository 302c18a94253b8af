package multinode.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads typed values out of the merged configuration by dotted key.
 * <p>
 * Values may arrive as JSON types (from a file) or as strings (from environment variables), so every
 * reader accepts both; anything else fails with a {@link ConfigException} naming the key.
 */
final class ConfigReader {

  private final JsonObject root;

  ConfigReader(JsonObject root) {
    this.root = root;
  }

  /** The raw value at a dotted key, or null. */
  Object raw(String key) {
    Object node = root;
    for (String part : key.split("\\.")) {
      if (!(node instanceof JsonObject)) {
        return null;
      }
      node = ((JsonObject) node).getValue(part);
    }
    return node;
  }

  /** A string without control characters; null and blank read as "". */
  String string(String key) {
    Object value = raw(key);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String)) {
      throw new ConfigException(key, "must be a string, got " + describe(value));
    }
    String text = ((String) value).trim();
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new ConfigException(key, "must not contain control characters");
    }
    return text;
  }

  /** An integer within {@code [min, max]}, from a JSON number or a decimal string. */
  int integer(String key, int min, int max) {
    Object value = raw(key);
    String problem = "must be an integer from " + min + " to " + max + ", got " + describe(value);
    long number;
    if (value instanceof Number && ((Number) value).doubleValue() == ((Number) value).longValue()) {
      number = ((Number) value).longValue();
    } else if (value instanceof String && ((String) value).trim().matches("-?\\d{1,18}")) {
      number = Long.parseLong(((String) value).trim());
    } else {
      throw new ConfigException(key, problem);
    }
    if (number < min || number > max) {
      throw new ConfigException(key, problem);
    }
    return (int) number;
  }

  /** A boolean, from a JSON boolean or the string {@code true} or {@code false}. */
  boolean bool(String key) {
    Object value = raw(key);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String text && (text.trim().equals("true") || text.trim().equals("false"))) {
      return Boolean.parseBoolean(text.trim());
    }
    throw new ConfigException(key, "must be true or false, got " + describe(value));
  }

  /** A list of strings, from a JSON array or a comma-separated string; empty items are dropped. */
  List<String> list(String key) {
    Object value = raw(key);
    List<String> items = new ArrayList<>();
    if (value instanceof String) {
      Arrays.stream(((String) value).split(",")).map(String::trim).forEach(items::add);
    } else if (value instanceof JsonArray) {
      for (Object item : (JsonArray) value) {
        if (!(item instanceof String)) {
          throw new ConfigException(key, "must be a list of strings, got " + describe(item) + " in it");
        }
        items.add(((String) item).trim());
      }
    } else if (value != null) {
      throw new ConfigException(key, "must be a list or a comma-separated string, got " + describe(value));
    }
    items.removeIf(String::isEmpty);
    return List.copyOf(items);
  }

  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
