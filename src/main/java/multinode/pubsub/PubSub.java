package multinode.pubsub;

import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.Map;

/**
 * Topics across the cluster: Phoenix.PubSub's verbs over a pluggable {@link PubSubAdapter}.
 * <p>
 * <b>Guarantees.</b>
 * <ol>
 *   <li>At most once: a message is delivered to a subscriber once or not at all (never twice); a node
 *       that goes down loses what was in flight to it.</li>
 *   <li>Order: messages broadcast by one publisher on one topic reach each subscriber in the order
 *       they were sent.</li>
 *   <li>A broadcast reaches every subscriber whose {@link #subscribe} future had completed before the
 *       broadcast was made.</li>
 *   <li>Fan-out is per node: a node subscribes to a topic once, whatever its number of local
 *       subscribers, and a broadcast crosses the network once per remote node with subscribers.</li>
 * </ol>
 * A message is a {@link io.vertx.core.json.JsonObject} or a {@link io.vertx.core.buffer.Buffer}.
 * Handlers run on the context that subscribed. Topics: 1 to {@value #MAX_TOPIC_LENGTH} characters, no
 * control characters ({@code invalid_topic}).
 */
public interface PubSub {

  /** The longest topic. */
  int MAX_TOPIC_LENGTH = 255;

  /**
   * Subscribes the handler.
   *
   * @return the subscription, once broadcasts from every node will reach it; fails with
   *   {@code invalid_topic}, or {@code adapter_unavailable} when the adapter cannot carry the interest to
   *   the other nodes (then nothing stays subscribed)
   */
  Future<Subscription> subscribe(String topic, Handler<PubSubMessage> handler);

  /** Stops delivery to that subscriber; completes once this node no longer delivers to it; never fails. */
  Future<Void> unsubscribe(Subscription subscription);

  /** Sends to every subscriber of the topic on every node; fails as the three-argument form. */
  default Future<Void> broadcast(String topic, Object message) {
    return broadcast(topic, message, Map.of());
  }

  /**
   * Sends to every subscriber of the topic on every node, with headers.
   *
   * @return completes once handed to the adapter (not once delivered); fails with {@code invalid_topic},
   *   or {@code adapter_unavailable}, and then nobody, here or elsewhere, gets the message
   */
  Future<Void> broadcast(String topic, Object message, Map<String, String> headers);

  /** Sends to every subscriber of the topic except {@code from} (Phoenix's {@code broadcast_from}); fails as {@link #broadcast}. */
  Future<Void> broadcastFrom(Subscription from, String topic, Object message);

  /** Sends to the topic's subscribers on this node only; fails with {@code invalid_topic}. */
  Future<Void> localBroadcast(String topic, Object message);

  /**
   * Sends to the topic's subscribers on the named node only.
   *
   * @return completes once handed to the adapter; fails with {@code invalid_topic}, {@code no_such_node}
   *   when no node of that name is in the cluster (or listening, for Redis), or {@code adapter_unavailable}
   */
  Future<Void> directBroadcast(String node, String topic, Object message);

  /** The topics this node's subscribers listen to, each with how many of them; a read of this node's state. */
  Map<String, Integer> localSubscriptions();

  /** The adapter that carries messages between nodes ({@code pubsub.adapter}), e.g. {@code postgres}. */
  String adapter();

  /** Whether the adapter can carry messages now; while not, broadcasts fail with {@code adapter_unavailable}. */
  boolean adapterAvailable();
}
