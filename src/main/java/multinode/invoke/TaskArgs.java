package multinode.invoke;

import io.vertx.core.json.JsonObject;

/**
 * Reads a task's arguments, refusing bad ones with {@code bad_args} and a message naming the argument:
 * what the built-in tasks use, and what a {@link Task} of yours can use too.
 */
public final class TaskArgs {

  private TaskArgs() {
  }

  /** A whole number within {@code [min, max]}. */
  public static long integer(JsonObject args, String key, long min, long max) {
    Object value = args.getValue(key);
    if (!(value instanceof Number number) || number.doubleValue() != number.longValue()
      || number.longValue() < min || number.longValue() > max) {
      throw InvokeException.badArgs(key + ": must be an integer from " + min + " to " + max + ", got " + describe(value));
    }
    return number.longValue();
  }

  /** A non-empty string. */
  public static String string(JsonObject args, String key) {
    Object value = args.getValue(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw InvokeException.badArgs(key + ": must be a non-empty string, got " + describe(value));
    }
    return text;
  }

  /** A boolean, false when absent. */
  public static boolean flag(JsonObject args, String key) {
    Object value = args.getValue(key);
    if (value != null && !(value instanceof Boolean)) {
      throw InvokeException.badArgs(key + ": must be true or false, got " + describe(value));
    }
    return Boolean.TRUE.equals(value);
  }

  /** A JSON object, or an empty one when absent. */
  public static JsonObject object(JsonObject args, String key) {
    Object value = args.getValue(key);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject object)) {
      throw InvokeException.badArgs(key + ": must be a JSON object, got " + describe(value));
    }
    return object;
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
