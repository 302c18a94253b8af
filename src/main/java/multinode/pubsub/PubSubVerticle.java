package multinode.pubsub;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import multinode.node.Nodes;
import multinode.pubsub.adapter.eventbus.EventBusAdapter;
import multinode.pubsub.impl.DispatchingPubSub;

/**
 * Wires the pubsub capability over the adapter the config names ({@code pubsub.adapter}); once
 * deployed, {@link #pubSub()} answers.
 */
public final class PubSubVerticle extends VerticleBase {

  private final Nodes nodes;
  private DispatchingPubSub pubSub;

  public PubSubVerticle(Nodes nodes) {
    this.nodes = nodes;
  }

  /** This node's pubsub; available once this verticle is deployed. */
  public PubSub pubSub() {
    return pubSub;
  }

  @Override
  public Future<?> start() {
    pubSub = new DispatchingPubSub(vertx, new EventBusAdapter(vertx, nodes));
    return pubSub.start();
  }

  @Override
  public Future<?> stop() {
    return pubSub.stop();
  }
}
