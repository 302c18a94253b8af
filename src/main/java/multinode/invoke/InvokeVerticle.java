package multinode.invoke;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import multinode.config.InvokeSettings;
import multinode.invoke.impl.ClusterInvoke;
import multinode.node.NodeEvent;
import multinode.node.Nodes;

/**
 * Wires the invoke capability: once deployed, {@link #invoke()} answers and other nodes can run this
 * node's tasks. Node-down events end the calls to that node and cancel the tasks it started here.
 */
public final class InvokeVerticle extends VerticleBase {

  private final InvokeSettings settings;
  private final Nodes nodes;
  private ClusterInvoke invoke;
  private MessageConsumer<JsonObject> events;

  public InvokeVerticle(InvokeSettings settings, Nodes nodes) {
    this.settings = settings;
    this.nodes = nodes;
  }

  /** This node's invoke; available once this verticle is deployed. */
  public Invoke invoke() {
    return invoke;
  }

  @Override
  public Future<?> start() {
    invoke = new ClusterInvoke(vertx, nodes, settings);
    events = nodes.events(event -> {
      if (event.type() == NodeEvent.Type.DOWN) {
        invoke.nodeDown(event.node());
      }
    });
    return Future.all(events.completion(), invoke.start());
  }

  @Override
  public Future<?> stop() {
    return Future.join(events.unregister(), invoke.stop());
  }
}
