package multinode.groups;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import multinode.groups.impl.GroupsBusApi;
import multinode.groups.impl.GroupsEngine;
import multinode.groups.impl.ScopedGroups;
import multinode.node.Nodes;

/**
 * Wires the groups capability: once deployed, {@link #groups()} answers, this node's members are
 * replicated to and from every other node, and the request API listens at {@link GroupAddresses#API}.
 */
public final class GroupsVerticle extends VerticleBase {

  private final Nodes nodes;
  private GroupsEngine engine;
  private ScopedGroups groups;

  public GroupsVerticle(Nodes nodes) {
    this.nodes = nodes;
  }

  /** The default scope's groups; available once this verticle is deployed. */
  public Groups groups() {
    return groups;
  }

  @Override
  public Future<?> start() {
    engine = new GroupsEngine(vertx, nodes);
    groups = new ScopedGroups(vertx, engine, "default");
    return engine.start().compose(v -> GroupsBusApi.register(vertx, groups));
  }

  @Override
  public Future<?> stop() {
    return engine.stop();
  }
}
