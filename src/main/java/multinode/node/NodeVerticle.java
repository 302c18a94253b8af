package multinode.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import multinode.config.NodeConfig;
import multinode.node.impl.HazelcastNodes;

/**
 * Wires the node capability: once deployed, {@link #nodes()} answers and this node's ping endpoint is
 * registered cluster-wide. Undeploying it says goodbye to the other nodes.
 */
public final class NodeVerticle extends VerticleBase {

  private final NodeConfig config;
  private HazelcastNodes nodes;

  public NodeVerticle(NodeConfig config) {
    this.config = config;
  }

  /** The nodes of the cluster; available once this verticle is deployed. */
  public Nodes nodes() {
    return nodes;
  }

  @Override
  public Future<?> start() {
    nodes = new HazelcastNodes(vertx, config);
    return nodes.start();
  }

  @Override
  public Future<?> stop() {
    return nodes.stop();
  }
}
