package multinode.groups.impl;

import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import multinode.groups.GroupEvent;
import multinode.groups.GroupMember;
import multinode.groups.GroupMonitor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The monitors of one node's groups. Events are emitted in the order the replica applied them (the
 * engine emits under its lock) and each monitor's handler runs on the context that made it, one
 * event after the other.
 */
final class Monitors {

  private final List<Monitor> monitors = new CopyOnWriteArrayList<>();

  /** Adds a monitor of one group ({@code group} non-null) or of every group of the scope. */
  GroupMonitor add(String scope, String group, Handler<GroupEvent> handler, ContextInternal caller,
                   Map<String, List<GroupMember>> snapshot) {
    Monitor monitor = new Monitor(scope, group, handler, caller, snapshot);
    monitors.add(monitor);
    return monitor;
  }

  /** Whether a monitor watches the group: an event is made only then, so a join nobody watches allocates none. */
  boolean watching(String scope, String group) {
    for (Monitor monitor : monitors) {
      if (monitor.watches(scope, group)) {
        return true;
      }
    }
    return false;
  }

  /** Hands the event to every monitor that watches its group. */
  void emit(GroupEvent event) {
    for (Monitor monitor : monitors) {
      if (monitor.watches(event.scope(), event.group())) {
        monitor.caller.runOnContext(v -> {
          if (!monitor.closed) {
            monitor.handler.handle(event);
          }
        });
      }
    }
  }

  private final class Monitor implements GroupMonitor {
    private final String scope;
    private final String group;
    private final Handler<GroupEvent> handler;
    private final ContextInternal caller;
    private final Map<String, List<GroupMember>> snapshot;
    private volatile boolean closed;

    Monitor(String scope, String group, Handler<GroupEvent> handler, ContextInternal caller,
            Map<String, List<GroupMember>> snapshot) {
      this.scope = scope;
      this.group = group;
      this.handler = handler;
      this.caller = caller;
      this.snapshot = snapshot;
    }

    boolean watches(String scope, String group) {
      return this.scope.equals(scope) && (this.group == null || this.group.equals(group));
    }

    @Override
    public Map<String, List<GroupMember>> snapshot() {
      return snapshot;
    }

    @Override
    public void close() {
      closed = true;
      monitors.remove(this);
    }
  }
}
