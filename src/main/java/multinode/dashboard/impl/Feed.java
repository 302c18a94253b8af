package multinode.dashboard.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last {@value #KEPT} events of the dashboard's feed, newest last: {@code {"type":"feed","at":ms,
 * "kind":…,"text":…}} with the event's own fields. Not thread-safe: the dashboard's context owns it.
 */
final class Feed {

  static final int KEPT = 200;

  private final Deque<JsonObject> events = new ArrayDeque<>();

  /** Adds an event of this kind, said in {@code text}, at {@code at}; returns it. */
  JsonObject add(long at, String kind, String text, JsonObject fields) {
    JsonObject event = fields.copy().put("type", "feed").put("at", at).put("kind", kind).put("text", text);
    events.addLast(event);
    if (events.size() > KEPT) {
      events.removeFirst();
    }
    return event;
  }

  /** The events kept, oldest first. */
  JsonArray recent() {
    return new JsonArray(events.stream().map(JsonObject::copy).toList());
  }
}
