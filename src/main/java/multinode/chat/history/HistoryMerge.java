package multinode.chat.history;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the two histories a room has after a partition heals, losing nothing.
 * <p>
 * During a split each side numbers the room on its own, from the same start (both had the history) or
 * from 1 (the smaller side may have held no copy of the room's entry). Joining them:
 * <ol>
 *   <li>If one is a continuation of the other (same epoch, and the shorter one's last message is at
 *       the same number in the longer), nothing forked: the longer is the room's history, epoch and
 *       numbers unchanged.</li>
 *   <li>Otherwise the messages up to the last one both sides have keep their place; every other message
 *       of either side follows, once each (by id), in the order they were said ({@code ts}, then node,
 *       then id, so that any two nodes would sort them alike), numbered on from there. The room gets a
 *       new epoch: numbers that clients saw may now name other messages.</li>
 * </ol>
 * The newest {@code limit} of the result are kept, the larger of the two histories' limits.
 */
public final class HistoryMerge {

  private static final Comparator<JsonObject> SAID = Comparator
    .comparing((JsonObject m) -> m.getString("ts", ""))
    .thenComparing(m -> m.getString("node", ""))
    .thenComparing(m -> m.getString("id", ""));

  private HistoryMerge() {
  }

  /**
   * The room's history after the heal.
   *
   * @param existing the larger side's, or null
   * @param merging the smaller side's, or null
   * @param newEpoch the epoch to give the result if the histories forked
   * @param limit how many messages to keep
   */
  public static RoomHistory merge(RoomHistory existing, RoomHistory merging, String newEpoch, int limit) {
    if (merging == null || existing != null && continues(merging, existing)) {
      return existing;
    }
    if (existing == null || continues(existing, merging)) {
      return merging;
    }
    List<JsonObject> ours = parse(existing.all());
    List<JsonObject> theirs = parse(merging.all());
    Set<String> theirIds = ids(theirs);
    int common = 0;
    for (int i = 0; i < ours.size(); i++) {
      if (theirIds.contains(ours.get(i).getString("id"))) {
        common = i + 1;
      }
    }
    List<JsonObject> kept = ours.subList(0, common);
    Set<String> keptIds = ids(kept);
    Map<String, JsonObject> rest = new LinkedHashMap<>();
    for (JsonObject message : concat(ours.subList(common, ours.size()), theirs)) {
      if (!keptIds.contains(message.getString("id"))) {
        rest.putIfAbsent(message.getString("id"), message);
      }
    }
    List<JsonObject> after = new ArrayList<>(rest.values());
    after.sort(SAID);
    long seq = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).getLong("seq");
    List<String> messages = new ArrayList<>(kept.size() + after.size());
    for (JsonObject message : kept) {
      messages.add(message.copy().put("epoch", newEpoch).encode());
    }
    for (JsonObject message : after) {
      messages.add(message.copy().put("seq", ++seq).put("epoch", newEpoch).encode());
    }
    return new RoomHistory(newEpoch, seq, messages, limit);
  }

  /** Whether {@code longer} is {@code shorter} with more messages after it: same epoch, same message at the shorter's end. */
  private static boolean continues(RoomHistory shorter, RoomHistory longer) {
    if (!shorter.epoch().equals(longer.epoch()) || shorter.lastSeq() > longer.lastSeq()) {
      return false;
    }
    if (shorter.lastSeq() == 0 || shorter.firstSeq() > shorter.lastSeq()) {
      return true;
    }
    List<String> end = longer.messages(shorter.lastSeq() - 1, shorter.lastSeq() + 1, 1);
    List<String> shorterEnd = shorter.messages(shorter.lastSeq() - 1, shorter.lastSeq() + 1, 1);
    // both sides stamped the same number on their own: the same message only if the same id
    return !end.isEmpty() && id(end.get(0)).equals(id(shorterEnd.get(0)));
  }

  private static String id(String message) {
    return new JsonObject(message).getString("id");
  }

  private static List<JsonObject> parse(List<String> messages) {
    return messages.stream().map(JsonObject::new).toList();
  }

  private static Set<String> ids(List<JsonObject> messages) {
    Set<String> ids = new HashSet<>();
    messages.forEach(m -> ids.add(m.getString("id")));
    return ids;
  }

  private static List<JsonObject> concat(List<JsonObject> a, List<JsonObject> b) {
    List<JsonObject> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
