package multinode.node;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * The nodes of the cluster, as this node sees them: Erlang's {@code node()}, {@code nodes()},
 * {@code Node.ping} and {@code monitor_nodes}.
 * <p>
 * Reads ({@link #self()}, {@link #list()}, {@link #byName(String)}) are answered from a node-local
 * view and never wait on the network. A node appears in the view once it is a cluster member and its
 * event bus can be reached, and leaves it when the cluster drops it: at once after a clean stop, within
 * a second after a kill, within {@code cluster.failureTimeoutSeconds} when it hangs.
 */
public interface Nodes {

  /** This node. */
  NodeInfo self();

  /** The other nodes, ordered by name; empty when this node runs alone. */
  List<NodeInfo> list();

  /** The node with this name: this one or another. */
  Optional<NodeInfo> byName(String name);

  /** The node with this Vert.x node id: this one or another. */
  Optional<NodeInfo> byId(String nodeId);

  /** Whether this node is part of a cluster (started with {@code -cluster}). */
  boolean clustered();

  /**
   * Whether this node is ready to take load: it runs alone, or it has joined and the cluster is safe
   * (no partition migration in flight, every backup in place; killing a node now loses no data).
   */
  Future<Boolean> ready();

  /**
   * Sends a ping to the named node over the event bus.
   *
   * @return pong with the round-trip time, or pang when no answer came within {@code ping.timeoutMs};
   *   failed with {@link NodeFailure#NO_SUCH_NODE} when no node has that name
   */
  Future<Ping> ping(String name);

  /**
   * Calls the handler with every up/down event this node observes from now on, in order, on the
   * caller's context.
   *
   * @return the consumer; unregister it to stop
   */
  MessageConsumer<JsonObject> events(Handler<NodeEvent> handler);

  /**
   * Calls the handler each time this node's side of a partition merges into the other side (Hazelcast
   * restarts the smaller side's members into the bigger one), with the time, on the caller's context.
   * The other side's nodes see it as the merged nodes coming up.
   *
   * @return the consumer; unregister it to stop
   */
  MessageConsumer<Long> merges(Handler<Long> handler);
}
