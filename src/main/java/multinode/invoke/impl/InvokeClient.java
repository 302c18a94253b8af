package multinode.invoke.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import multinode.invoke.InvokeAddresses;
import multinode.invoke.InvokeException;
import multinode.invoke.InvokeFailure;
import multinode.invoke.NodeResult;
import multinode.invoke.Spawned;
import multinode.node.NodeInfo;
import multinode.node.Nodes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caller side of invoke: sends {@link Frames} to the task's node, keeps every call and spawn in
 * flight by id until it ends, and ends them with {@code node_down} when their node goes down.
 */
final class InvokeClient {

  /** How long a spawn waits for its node to say it started, when the spawn itself has no timeout. */
  private static final long START_TIMEOUT_MS = 30_000;
  /** A node that has just joined may not have its invoke endpoint known everywhere yet; retry this often. */
  private static final long RETRY_MS = 50;
  private static final long RETRY_FOR_MS = 2_000;

  private record PendingCall(String nodeId, String node, Promise<Object> promise) {
  }

  private final Vertx vertx;
  private final Nodes nodes;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
  private final Map<Long, SpawnHandle> spawns = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> outputs;

  InvokeClient(Vertx vertx, Nodes nodes) {
    this.vertx = vertx;
    this.nodes = nodes;
  }

  Future<Void> start() {
    outputs = vertx.eventBus().consumer(InvokeAddresses.output(nodes.self().id()), message -> {
      SpawnHandle spawn = spawns.get(message.body().getLong("id"));
      if (spawn != null && Frames.PROTOCOL.understood(message.body(),
          nodes.byId(spawn.nodeId()).map(NodeInfo::name).orElse(spawn.nodeId()))) {
        spawn.frame(message.body());
      }
    });
    return outputs.completion();
  }

  Future<Void> stop() {
    return outputs.unregister();
  }

  Future<Object> call(String node, String task, JsonObject args, long timeoutMs) {
    check(node, task);
    checkTimeout(timeoutMs);
    // listeners run on the caller's context, as with any Vert.x future
    Promise<Object> promise = ((ContextInternal) vertx.getOrCreateContext()).promise();
    Optional<NodeInfo> target = nodes.byName(node);
    if (target.isEmpty()) {
      promise.fail(noSuchNode(node));
      return promise.future();
    }
    long id = ids.incrementAndGet();
    calls.put(id, new PendingCall(target.get().id(), node, promise));
    JsonObject frame = Frames.call(Frames.CALL, id, nodes.self().id(), task, orEmpty(args), timeoutMs);
    request(target.get(), frame, deadline(timeoutMs)).onComplete(ar -> {
      calls.remove(id);
      if (ar.succeeded()) {
        Outcome outcome = Outcome.readFrom(ar.result());
        if (outcome.succeeded()) {
          promise.tryComplete(outcome.value());
        } else {
          promise.tryFail(outcome.failure());
        }
      } else {
        promise.tryFail(failed(ar.cause(), target.get(), task, timeoutMs, id));
      }
    });
    return promise.future();
  }

  Future<List<NodeResult>> multicall(String task, JsonObject args, long timeoutMs) {
    List<NodeInfo> all = new ArrayList<>(nodes.list());
    all.add(nodes.self());
    all.sort(Comparator.comparing(NodeInfo::name));
    List<Future<NodeResult>> parts = all.stream()
      .map(node -> call(node.name(), task, args, timeoutMs)
        .map(value -> NodeResult.ok(node.name(), value))
        .otherwise(failure -> NodeResult.error(node.name(), asInvoke(failure))))
      .toList();
    return Future.join(parts).map(done -> parts.stream().map(Future::result).toList());
  }

  /** Spawns the task; {@code timeoutMs} 0 means no timeout. */
  Spawned spawn(String node, String task, JsonObject args, long timeoutMs, Handler<String> output) {
    check(node, task);
    Objects.requireNonNull(output, "output");
    Context context = vertx.getOrCreateContext();
    Optional<NodeInfo> target = nodes.byName(node);
    long id = ids.incrementAndGet();
    String nodeId = target.map(NodeInfo::id).orElse("");
    String requests = InvokeAddresses.requests(nodeId);
    String self = nodes.self().id();
    SpawnHandle spawn = new SpawnHandle(node, task, nodeId, context, output,
      seq -> vertx.eventBus().send(requests, Frames.ack(id, self, seq)),
      () -> vertx.eventBus().send(requests, Frames.cancel(id, self)));
    if (target.isEmpty()) {
      spawn.fail(noSuchNode(node));
      return spawn;
    }
    spawns.put(id, spawn);
    spawn.result().onComplete(ar -> spawns.remove(id));
    JsonObject frame = Frames.call(Frames.SPAWN, id, self, task, orEmpty(args), timeoutMs);
    request(target.get(), frame, deadline(timeoutMs > 0 ? timeoutMs : START_TIMEOUT_MS)).onComplete(ar -> {
      if (ar.failed()) {
        spawn.fail(failed(ar.cause(), target.get(), task, timeoutMs, id));
      } else if (ar.result().containsKey("error")) {
        spawn.fail(Outcome.readFrom(ar.result()).failure());
      }
    });
    if (timeoutMs > 0) {
      long timer = vertx.setTimer(timeoutMs, t -> {
        if (!spawn.ended()) {
          vertx.eventBus().send(requests, Frames.cancel(id, self));
          spawn.fail(timeout(task, node, timeoutMs));
        }
      });
      spawn.result().onComplete(ar -> vertx.cancelTimer(timer));
    }
    return spawn;
  }

  /** The node went down: whatever runs there for this node ends with {@code node_down} now. */
  void nodeDown(NodeInfo node) {
    InvokeException down = new InvokeException(InvokeFailure.NODE_DOWN, node.name() + " went down");
    calls.values().stream().filter(call -> call.nodeId().equals(node.id()))
      .forEach(call -> call.promise().tryFail(down));
    spawns.values().stream().filter(spawn -> spawn.nodeId().equals(node.id()))
      .forEach(spawn -> spawn.fail(down));
  }

  /** A request to the node's invoke endpoint, retried briefly while a newly joined node is not reachable yet. */
  private Future<JsonObject> request(NodeInfo target, JsonObject frame, long deadline) {
    return request(target, frame, deadline, Math.min(deadline, System.nanoTime() + RETRY_FOR_MS * 1_000_000));
  }

  private Future<JsonObject> request(NodeInfo target, JsonObject frame, long deadline, long retryUntil) {
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(left);
    return vertx.eventBus().<JsonObject>request(InvokeAddresses.requests(target.id()), frame, options)
      .map(Message::body)
      .recover(failure -> noHandlers(failure) && nodes.byId(target.id()).isPresent()
          && System.nanoTime() + RETRY_MS * 1_000_000 < retryUntil
        ? vertx.timer(RETRY_MS).compose(v -> request(target, frame, deadline, retryUntil))
        : Future.failedFuture(failure));
  }

  /** The failure of a request to the task's node; after a timeout the node may still run the task, so it is told to stop. */
  private InvokeException failed(Throwable cause, NodeInfo target, String task, long timeoutMs, long id) {
    InvokeException failure = failure(cause, target, task, timeoutMs);
    if (failure.failure() == InvokeFailure.TIMEOUT) {
      // as erpc kills a timed-out call
      vertx.eventBus().send(InvokeAddresses.requests(target.id()), Frames.cancel(id, nodes.self().id()));
    }
    return failure;
  }

  private InvokeException failure(Throwable cause, NodeInfo target, String task, long timeoutMs) {
    if (nodes.byId(target.id()).isEmpty()) {
      return new InvokeException(InvokeFailure.NODE_DOWN, target.name() + " went down");
    }
    if (cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return timeout(task, target.name(), timeoutMs);
    }
    if (noHandlers(cause)) {
      return new InvokeException(InvokeFailure.NO_SUCH_NODE, target.name() + " does not take tasks (it is starting or stopping)");
    }
    return new InvokeException(InvokeFailure.NODE_DOWN, "cannot reach " + target.name() + ": " + cause.getMessage());
  }

  private static InvokeException timeout(String task, String node, long timeoutMs) {
    return new InvokeException(InvokeFailure.TIMEOUT, "no result from " + task + " on " + node + " within " + timeoutMs + " ms");
  }

  private static boolean noHandlers(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static InvokeException noSuchNode(String node) {
    return new InvokeException(InvokeFailure.NO_SUCH_NODE, "no node named " + node);
  }

  static InvokeException asInvoke(Throwable failure) {
    return failure instanceof InvokeException e
      ? e
      : new InvokeException(InvokeFailure.TASK_FAILED, String.valueOf(failure.getMessage()));
  }

  private static long deadline(long timeoutMs) {
    return System.nanoTime() + timeoutMs * 1_000_000;
  }

  private static JsonObject orEmpty(JsonObject args) {
    return args == null ? new JsonObject() : args;
  }

  private static void check(String node, String task) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(task, "task");
  }

  static void checkTimeout(long timeoutMs) {
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("timeoutMs must be at least 1, got " + timeoutMs);
    }
  }
}
