package multinode.chat.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One room's recent history in memory: its epoch, the last number given, and the newest messages (at
 * most a limit) as JSON text, in a ring. Appending touches only the new messages, whatever the length
 * of the history; reading a slice touches only what it returns.
 * <p>
 * The {@code memory} store keeps one per room; the {@code cluster} store keeps one per room as the value
 * of a Hazelcast map entry, changed in place by entry processors on the owner and on the backup, which
 * is why it is {@link DataSerializable} and why every input that must come out the same on both (the
 * epoch of a new history) is passed in rather than made here. {@link HistoryMerge} joins two of them.
 * Not thread-safe: its owner serialises access (the chat's context, or the entry's partition thread).
 */
public final class RoomHistory implements DataSerializable {

  private String epoch;
  private long lastSeq;
  private int limit;
  private String[] ring = new String[8];
  private int start;
  private int size;

  /** For deserialisation only. */
  public RoomHistory() {
  }

  /** An empty history of this epoch. */
  public RoomHistory(String epoch) {
    this.epoch = epoch;
  }

  /** A history whose messages (oldest first, each stamped) end at {@code lastSeq}. */
  RoomHistory(String epoch, long lastSeq, List<String> messages, int limit) {
    this(epoch);
    this.lastSeq = lastSeq;
    this.limit = limit;
    int from = Math.max(0, messages.size() - limit);
    for (String message : messages.subList(from, messages.size())) {
      push(message, limit);
    }
  }

  /** A fresh epoch: 16 random hexadecimal digits. */
  public static String newEpoch() {
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  /**
   * The draft as kept and sent: its JSON with {@code seq} and {@code epoch} added at the end, built as
   * text so that no message is parsed on its way into a history.
   */
  public static String stamp(String encodedDraft, long seq, String epoch) {
    return encodedDraft.substring(0, encodedDraft.length() - 1) + ",\"seq\":" + seq + ",\"epoch\":\"" + epoch + "\"}";
  }

  public String epoch() {
    return epoch;
  }

  public long lastSeq() {
    return lastSeq;
  }

  /** How many messages it keeps: the limit of its last append. */
  public int limit() {
    return limit;
  }

  /** The oldest number kept; {@code lastSeq + 1} when nothing is. */
  public long firstSeq() {
    return lastSeq - size + 1;
  }

  /**
   * Numbers and keeps the drafts (JSON objects as text), dropping the oldest beyond {@code limit}.
   *
   * @return the number given to the last of them
   */
  public long append(String[] drafts, int limit) {
    this.limit = limit;
    for (String draft : drafts) {
      push(stamp(draft, ++lastSeq, epoch), limit);
    }
    return lastSeq;
  }

  /** The newest {@code limit} kept messages with {@code after < seq < before}, oldest first, as a {@link Slice} in JSON text. */
  public String slice(long after, long before, int limit) {
    return Slice.encode(epoch, lastSeq, firstSeq(), messages(after, before, limit));
  }

  /** The newest {@code limit} kept messages with {@code after < seq < before}, oldest first. */
  public List<String> messages(long after, long before, int limit) {
    long hi = Math.min(lastSeq, before - 1);
    long lo = Math.max(Math.max(firstSeq(), after + 1), hi - limit + 1);
    List<String> out = new ArrayList<>((int) Math.max(0, hi - lo + 1));
    for (long seq = lo; seq <= hi; seq++) {
      out.add(ring[(int) ((start + seq - firstSeq()) % ring.length)]);
    }
    return out;
  }

  /** Every kept message, oldest first. */
  List<String> all() {
    return messages(0, Long.MAX_VALUE, size);
  }

  private void push(String message, int limit) {
    while (size >= limit) {
      ring[start] = null;
      start = (start + 1) % ring.length;
      size--;
    }
    if (size == ring.length) {
      String[] bigger = new String[Math.min(ring.length * 2, Math.max(limit, 8))];
      for (int i = 0; i < size; i++) {
        bigger[i] = ring[(start + i) % ring.length];
      }
      ring = bigger;
      start = 0;
    }
    ring[(start + size) % ring.length] = message;
    size++;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(epoch);
    out.writeLong(lastSeq);
    out.writeInt(limit);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeString(ring[(start + i) % ring.length]);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    epoch = in.readString();
    lastSeq = in.readLong();
    limit = in.readInt();
    size = in.readInt();
    ring = new String[Math.max(8, size)];
    start = 0;
    for (int i = 0; i < size; i++) {
      ring[i] = in.readString();
    }
  }
}
