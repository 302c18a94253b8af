package multinode.dashboard;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * The cluster as an operator watches it, Erlang's {@code observer} and Phoenix's LiveDashboard in one:
 * read-only, from any node. What a watcher gets, as JSON objects with a {@code type}:
 * <ul>
 *   <li>{@code snapshot}: the whole picture, to start from;</li>
 *   <li>{@code nodes} ({@link DashboardAddresses#NODES}), each second and at once when a node comes or
 *       goes: every node's figures (heap, event-loop load, sockets, bridge clients, message rates) and
 *       state ({@code up}, or {@code left}/{@code crashed} for 5 s before it is dropped);</li>
 *   <li>{@code groups} ({@link DashboardAddresses#GROUPS}), at most 4 times a second: the member counts
 *       per node of the groups that changed, and the join and leave events themselves (the first 200 of a
 *       batch, with how many more);</li>
 *   <li>{@code cluster} ({@link DashboardAddresses#CLUSTER}), every 2 s: pubsub topics with subscribers
 *       per node, chat rooms with who is in them through which node, service records;</li>
 *   <li>{@code feed} ({@link DashboardAddresses#FEED}): events as they happen, each with its time.</li>
 * </ul>
 * A node watches the cluster only while someone watches it (and a minute after), so an unwatched
 * dashboard costs nothing but its listeners for node events, merges and fail-overs.
 */
public interface Dashboard {

  /** The whole picture now; fails with nothing (a node that does not answer is left out). */
  Future<JsonObject> snapshot();

  /**
   * Hands a stream's updates to {@code deliver} (on the dashboard's context) until the returned action
   * runs; any thread.
   *
   * @throws IllegalArgumentException for an address that is not one of {@link DashboardAddresses#STREAMS}
   */
  Runnable watch(String stream, Consumer<JsonObject> deliver);
}
