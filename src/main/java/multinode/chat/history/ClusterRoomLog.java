package multinode.chat.history;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.HazelcastCalls;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cluster} store: each room's {@link RoomHistory} is one entry of the Hazelcast map
 * {@value #MAP}, kept as an object (not serialised) with one backup, so losing any one node loses no
 * message.
 * <p>
 * An append is an entry processor run on the entry's owner: it numbers and keeps the messages in one
 * step, in one network round trip from whichever node they came through, touching only the new
 * messages; the backup runs the same processor on its copy. A read is a read-only processor that
 * returns just the slice asked for. After a partition, {@link HistoryMergePolicy} joins the two sides'
 * histories. A cluster whose every node stopped starts with empty histories, under new epochs.
 */
public final class ClusterRoomLog implements RoomLog {

  /** The map of room histories. */
  public static final String MAP = "multinode.chat.history";
  /** Entries merged per operation after a partition. */
  private static final int MERGE_BATCH = 100;
  /** How long a call may take (the cluster retries an operation while it re-forms) before it fails. */
  private static final long CALL_TIMEOUT_MS = 10_000;

  private final HazelcastInstance hazelcast;
  private final IMap<String, RoomHistory> rooms;
  private final Context context;
  private final int limit;

  /** Call from the chat's context. */
  public ClusterRoomLog(HazelcastInstance hazelcast, Context context, int limit) {
    this.hazelcast = hazelcast;
    this.rooms = hazelcast.getMap(MAP);
    this.context = context;
    this.limit = limit;
  }

  /** Adds the history map's settings to a node's Hazelcast configuration: every member needs the same. */
  public static void configure(Config config) {
    config.addMapConfig(new MapConfig(MAP)
      .setBackupCount(1)
      .setInMemoryFormat(InMemoryFormat.OBJECT)
      .setMergePolicyConfig(new MergePolicyConfig(HistoryMergePolicy.class.getName(), MERGE_BATCH)));
  }

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public boolean available() {
    return hazelcast.getLifecycleService().isRunning();
  }

  @Override
  public Future<List<JsonObject>> append(String room, List<JsonObject> drafts) {
    Append append = new Append(Drafts.encode(drafts), RoomHistory.newEpoch(), limit);
    return HazelcastCalls.onContext(rooms.submitToKey(room, append), context)
      .timeout(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .recover(ClusterRoomLog::unavailable)
      .map(head -> Drafts.stamped(drafts, head.epoch, head.lastSeq));
  }

  @Override
  public Future<Slice> read(String room, long after, long before, int limit) {
    return HazelcastCalls.onContext(rooms.submitToKey(room, new Read(after, before, limit)), context)
      .timeout(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .recover(ClusterRoomLog::unavailable)
      .map(slice -> slice == null ? Slice.EMPTY : Slice.fromJson(new JsonObject(slice)));
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(new ChatException(ChatFailure.HISTORY_UNAVAILABLE,
      "the cluster cannot reach the room's history now (" + failure.getMessage() + "); nothing was kept"));
  }

  /** The epoch and last number of a room after an append. */
  static final class Head implements DataSerializable {

    String epoch;
    long lastSeq;

    public Head() {
    }

    Head(String epoch, long lastSeq) {
      this.epoch = epoch;
      this.lastSeq = lastSeq;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(epoch);
      out.writeLong(lastSeq);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      epoch = in.readString();
      lastSeq = in.readLong();
    }
  }

  /**
   * Numbers and keeps drafts where the room's entry lives, on the owner and then on the backup. The
   * epoch of a room without history comes with it, so that both copies make the same one.
   */
  static final class Append implements EntryProcessor<String, RoomHistory, Head>, DataSerializable {

    private String[] drafts;
    private String newEpoch;
    private int limit;

    public Append() {
    }

    Append(String[] drafts, String newEpoch, int limit) {
      this.drafts = drafts;
      this.newEpoch = newEpoch;
      this.limit = limit;
    }

    @Override
    public Head process(Map.Entry<String, RoomHistory> entry) {
      RoomHistory history = entry.getValue() == null ? new RoomHistory(newEpoch) : entry.getValue();
      long lastSeq = history.append(drafts, limit);
      entry.setValue(history);
      return new Head(history.epoch(), lastSeq);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeStringArray(drafts);
      out.writeString(newEpoch);
      out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      drafts = in.readStringArray();
      newEpoch = in.readString();
      limit = in.readInt();
    }
  }

  /** Reads a slice where the room's entry lives, returning only that slice (as JSON text). */
  static final class Read implements EntryProcessor<String, RoomHistory, String>, ReadOnly, DataSerializable {

    private long after;
    private long before;
    private int limit;

    public Read() {
    }

    Read(long after, long before, int limit) {
      this.after = after;
      this.before = before;
      this.limit = limit;
    }

    @Override
    public String process(Map.Entry<String, RoomHistory> entry) {
      return entry.getValue() == null ? null : entry.getValue().slice(after, before, limit);
    }

    @Override
    public EntryProcessor<String, RoomHistory, String> getBackupProcessor() {
      return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeLong(after);
      out.writeLong(before);
      out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      after = in.readLong();
      before = in.readLong();
      limit = in.readInt();
    }
  }
}
