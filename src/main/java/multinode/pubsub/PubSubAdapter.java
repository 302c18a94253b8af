package multinode.pubsub;

import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.List;

/**
 * How messages travel between nodes; {@link PubSub} does everything on the node itself (local
 * subscribers, dispatch, validation) and asks its adapter only to move messages.
 * <p>
 * <b>Contract.</b>
 * <ol>
 *   <li>{@link #start} is called once, with the handler for messages arriving from other nodes, given in
 *       runs of one topic in their order; an adapter never hands this node's own messages back to it.</li>
 *   <li>{@link #subscribe} is called when the first local subscriber of a topic appears and
 *       {@link #unsubscribe} when the last one goes; the future of {@code subscribe} completes once
 *       broadcasts from every node will arrive here.</li>
 *   <li>{@link #broadcast} carries a message to every other node subscribed to its topic, once per node;
 *       messages of one topic broadcast from one thread arrive in the order given.</li>
 *   <li>{@link #directBroadcast} carries it to one named node; an unknown node fails with
 *       {@link PubSubFailure#NO_SUCH_NODE}.</li>
 *   <li>When it cannot carry messages, an adapter fails fast with {@link PubSubFailure#ADAPTER_UNAVAILABLE},
 *       keeps its subscriptions, and resumes by itself when it can.</li>
 * </ol>
 */
public interface PubSubAdapter {

  /** This node's name, as other nodes address it. */
  String nodeName();

  /** The adapter's name, as {@code pubsub.adapter} says it. */
  String name();

  /** Whether it can carry messages now (see 5.). */
  default boolean available() {
    return true;
  }

  /** Starts carrying messages; arriving ones go to {@code inbound}, a run of one topic at a time. */
  Future<Void> start(Handler<List<PubSubMessage>> inbound);

  /** This node wants the topic's messages. */
  Future<Void> subscribe(String topic);

  /** This node no longer wants the topic's messages. */
  Future<Void> unsubscribe(String topic);

  /** Carries the message to every other node subscribed to its topic. */
  Future<Void> broadcast(PubSubMessage message);

  /** Carries the message to the named node. */
  Future<Void> directBroadcast(String node, PubSubMessage message);

  /** Stops carrying messages. */
  Future<Void> stop();
}
