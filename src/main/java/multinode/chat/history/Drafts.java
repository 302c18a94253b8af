package multinode.chat.history;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** Drafts on their way into a store, and back out stamped. */
final class Drafts {

  private Drafts() {
  }

  /** The drafts as JSON text. */
  static String[] encode(List<JsonObject> drafts) {
    return drafts.stream().map(JsonObject::encode).toArray(String[]::new);
  }

  /**
   * The drafts, stamped in place as the store numbered them: the last got {@code lastSeq}, the others the
   * numbers before it, in order. The same JSON as {@link RoomHistory#stamp} makes from their text.
   */
  static List<JsonObject> stamped(List<JsonObject> drafts, String epoch, long lastSeq) {
    long seq = lastSeq - drafts.size();
    for (JsonObject draft : drafts) {
      draft.put("seq", ++seq).put("epoch", epoch);
    }
    return drafts;
  }
}
