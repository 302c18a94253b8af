package multinode.console;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** How the console reads a command's arguments and prints results; each bad one is a one-line {@link ConsoleException}. */
final class Arguments {

  private Arguments() {
  }

  /**
   * Splits a line's arguments: one word each, the last of {@code count} takes the rest of the line.
   *
   * @param usage the command's usage: each {@code <arg>} in it is required
   */
  static String[] split(String line, int count, String usage) {
    String[] words = line.split("\\s+", count + 1);
    String[] args = new String[words.length - 1];
    System.arraycopy(words, 1, args, 0, args.length);
    long required = usage.chars().filter(c -> c == '<').count();
    if (args.length < required) {
      throw new ConsoleException("usage: " + line.split("\\s+")[0] + " " + usage);
    }
    return args;
  }

  /** A positive whole number, named {@code what} in the error. */
  static int number(String text, String what) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the error
    }
    throw new ConsoleException("bad " + what + ": " + text + " (a positive whole number)");
  }

  /** The JSON argument at {@code index}, or an empty object. */
  static JsonObject json(String[] args, int index) {
    if (args.length <= index || args[index].isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(args[index]);
    } catch (DecodeException | ClassCastException e) {
      throw new ConsoleException("bad JSON: " + args[index] + " (arguments are a JSON object, e.g. {\"n\":3})");
    }
  }

  /** A JSON object as it is, anything else as {@code {"text": …}}. */
  static JsonObject message(String text) {
    if (text.trim().startsWith("{")) {
      try {
        return new JsonObject(text);
      } catch (DecodeException e) {
        throw new ConsoleException("bad JSON: " + text);
      }
    }
    return new JsonObject().put("text", text);
  }

  /** A result as the console prints it: JSON as JSON, a string quoted. */
  static String encode(Object value) {
    return value instanceof JsonObject json ? json.encode()
      : value instanceof JsonArray array ? array.encode()
      : value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }
}
