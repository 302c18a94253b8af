package multinode.groups.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import multinode.node.Nodes;

import java.util.Set;

/**
 * pg2's created groups. They outlive any node, so they live in a clustered async map, which is the truth;
 * the create and delete ops only tell the replicas sooner. Keys are {@code scope \n group}.
 */
final class CreatedGroups {

  static final String MAP = "multinode.groups.created";

  private final Nodes nodes;
  private final Replica replica;
  private final Object lock;
  private AsyncMap<String, Boolean> map;

  /**
   * @param lock the engine's lock, held while the replica changes
   */
  CreatedGroups(Nodes nodes, Replica replica, Object lock) {
    this.nodes = nodes;
    this.replica = replica;
    this.lock = lock;
  }

  Future<Void> open(Vertx vertx) {
    return vertx.sharedData().<String, Boolean>getAsyncMap(MAP).onSuccess(m -> map = m).mapEmpty();
  }

  /** Creates or deletes the group in the map. */
  Future<Void> store(String scope, String group, boolean exists) {
    String key = key(scope, group);
    return exists ? map.put(key, true) : map.remove(key).mapEmpty();
  }

  /**
   * Makes the replica's created groups match the map. Only groups already marked before the read began
   * are unmarked when missing: a group created meanwhile was put in the map before its op was applied
   * here, so the read may simply predate it. And only when the cluster was safe before and after the
   * read: while the partitions of a node that just left migrate, a read of the keys can miss entries
   * that still exist.
   *
   * @return whether the read was whole (the cluster safe before and after it), so that it also unmarked
   */
  Future<Boolean> load() {
    Set<String> before;
    synchronized (lock) {
      before = replica.createdKeys();
    }
    return nodes.ready().compose(safeBefore -> map.keys().compose(keys -> nodes.ready().map(safeAfter -> {
      boolean whole = safeBefore && safeAfter;
      synchronized (lock) {
        if (whole) {
          before.stream().filter(key -> !keys.contains(key)).forEach(key -> mark(key, false));
        }
        keys.forEach(key -> mark(key, true));
      }
      return whole;
    })));
  }

  static String key(String scope, String group) {
    return scope + "\n" + group;
  }

  private void mark(String key, boolean exists) {
    int split = key.indexOf('\n');
    replica.setCreated(key.substring(0, split), key.substring(split + 1), exists);
  }
}
