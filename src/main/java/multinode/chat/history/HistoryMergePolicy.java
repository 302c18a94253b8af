package multinode.chat.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingValue;

/**
 * The {@code cluster} store's split-brain merge policy: when a partition heals, Hazelcast hands each
 * room's entry from the smaller side here with the larger side's, and keeps what {@link HistoryMerge}
 * makes of the two (by default it would keep one side's whole and drop the other's messages).
 * Hazelcast creates it by class name on the member that owns the entry. It asks for values only (a map's
 * other merge types, such as update times, exist only with per-entry statistics on).
 */
public final class HistoryMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    RoomHistory theirs = merging == null ? null : (RoomHistory) merging.getValue();
    RoomHistory ours = existing == null ? null : (RoomHistory) existing.getValue();
    // the configured limit is not known here: each history remembers the limit it was written with
    int limit = Math.max(theirs == null ? 1 : theirs.limit(), ours == null ? 1 : ours.limit());
    return HistoryMerge.merge(ours, theirs, RoomHistory.newEpoch(), limit);
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // nothing to carry: the policy is its code
  }

  @Override
  public void readData(ObjectDataInput in) {
    // as above
  }
}
