package multinode.groups;

import java.util.List;
import java.util.Map;

/**
 * A watch on one group or on every group of a scope: the state when it started, then every change.
 * <p>
 * The snapshot and the events are consistent: the events are exactly the changes made after the
 * snapshot, delivered in the order this node applied them.
 */
public interface GroupMonitor {

  /** Members per group when the monitor started (one entry for a single-group monitor). */
  Map<String, List<GroupMember>> snapshot();

  /** Stops the events. */
  void close();
}
