package multinode.pubsub;

import io.vertx.core.Future;

/** One subscriber's interest in one topic, from {@link PubSub#subscribe}. */
public interface Subscription {

  /** The topic. */
  String topic();

  /** A unique id, used by {@link PubSub#broadcastFrom} to leave this subscriber out. */
  String id();

  /** Stops delivery to this subscriber; the same as {@link PubSub#unsubscribe}. */
  Future<Void> unsubscribe();
}
