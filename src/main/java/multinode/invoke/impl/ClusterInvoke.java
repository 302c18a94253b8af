package multinode.invoke.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.config.InvokeSettings;
import multinode.invoke.Invoke;
import multinode.invoke.NodeResult;
import multinode.invoke.Spawned;
import multinode.invoke.Task;
import multinode.node.NodeInfo;
import multinode.node.Nodes;

import java.util.List;
import java.util.Map;

/**
 * {@link Invoke} over the clustered event bus: this node's tasks ({@link TaskRegistry}), the runner that
 * runs them for others ({@link TaskRunner}) and the client that calls other nodes ({@link InvokeClient}).
 */
public final class ClusterInvoke implements Invoke {

  private final TaskRegistry registry = new TaskRegistry();
  private final TaskRunner runner;
  private final InvokeClient client;

  /** Call from the owning verticle's context: tasks run there. */
  public ClusterInvoke(Vertx vertx, Nodes nodes, InvokeSettings settings) {
    this.runner = new TaskRunner(vertx, nodes, registry);
    this.client = new InvokeClient(vertx, nodes);
    BuiltinTasks.registerAll(registry);
    new VerticleTasks(settings.verticles()).registerAll(registry);
  }

  /** Registers this node's endpoints; complete once other nodes can reach them. */
  public Future<Void> start() {
    return Future.all(runner.start(), client.start()).mapEmpty();
  }

  /** Ends the tasks running here with {@code node_down} and unregisters the endpoints. */
  public Future<Void> stop() {
    return Future.join(runner.stop(), client.stop()).mapEmpty();
  }

  /** The node went down: calls to it fail with {@code node_down}, tasks it started here are cancelled. */
  public void nodeDown(NodeInfo node) {
    client.nodeDown(node);
    runner.callerDown(node.id());
  }

  @Override
  public void register(String name, String summary, Task task) {
    registry.register(name, summary, task);
  }

  @Override
  public Map<String, String> tasks() {
    return registry.summaries();
  }

  @Override
  public int running() {
    return runner.running();
  }

  @Override
  public Future<Object> call(String node, String task, JsonObject args, long timeoutMs) {
    return client.call(node, task, args, timeoutMs);
  }

  @Override
  public Future<List<NodeResult>> multicall(String task, JsonObject args, long timeoutMs) {
    return client.multicall(task, args, timeoutMs);
  }

  @Override
  public Spawned spawn(String node, String task, JsonObject args, Handler<String> output) {
    return client.spawn(node, task, args, 0, output);
  }

  @Override
  public Spawned spawn(String node, String task, JsonObject args, long timeoutMs, Handler<String> output) {
    InvokeClient.checkTimeout(timeoutMs);
    return client.spawn(node, task, args, timeoutMs, output);
  }
}
