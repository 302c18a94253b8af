package multinode.invoke.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import multinode.invoke.InvokeAddresses;
import multinode.invoke.InvokeFailure;
import multinode.invoke.Task;
import multinode.node.NodeInfo;
import multinode.node.Nodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node side of invoke: takes {@link Frames} from callers at this node's request address and runs
 * their tasks on its context. Protocol handling is a flat switch on the frame type, one method each.
 */
final class TaskRunner {

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final Vertx vertx;
  private final Nodes nodes;
  private final TaskRegistry registry;
  private final Map<String, RunningTask> running = new ConcurrentHashMap<>();
  private final Map<String, OutputChannel> outputs = new ConcurrentHashMap<>();
  private Context context;
  private MessageConsumer<JsonObject> consumer;

  TaskRunner(Vertx vertx, Nodes nodes, TaskRegistry registry) {
    this.vertx = vertx;
    this.nodes = nodes;
    this.registry = registry;
  }

  /** Call from the owning verticle's context: tasks run there. */
  Future<Void> start() {
    context = vertx.getOrCreateContext();
    consumer = vertx.eventBus().consumer(InvokeAddresses.requests(nodes.self().id()), this::handle);
    return consumer.completion();
  }

  /** Ends every running task with {@code node_down} (this node is stopping) and stops taking frames. */
  Future<Void> stop() {
    List.copyOf(running.values()).forEach(task ->
      task.cancel(InvokeFailure.NODE_DOWN, nodes.self().name() + " is stopping"));
    return consumer.unregister();
  }

  int running() {
    return running.size();
  }

  /** The caller went down: its tasks are cancelled, and nothing more is sent to it. */
  void callerDown(String nodeId) {
    outputs.forEach((key, channel) -> {
      if (key.startsWith(nodeId + "/")) {
        channel.close();
      }
    });
    running.values().stream().filter(task -> task.callerId().equals(nodeId)).toList().forEach(RunningTask::abandon);
  }

  private void handle(Message<JsonObject> message) {
    JsonObject frame = message.body();
    String caller = String.valueOf(frame.getValue("caller"));
    if (!Frames.PROTOCOL.understood(frame, nodes.byId(caller).map(NodeInfo::name).orElse(caller))) {
      if (message.replyAddress() != null) {
        message.fail(409, "protocol_mismatch");
      }
      return;
    }
    switch (String.valueOf(frame.getString("type"))) {
      case Frames.CALL -> call(message);
      case Frames.SPAWN -> spawn(message);
      case Frames.ACK -> ack(frame);
      case Frames.CANCEL -> cancel(frame);
      default -> log.warn("ignoring an invoke frame of unknown type {}", frame.getString("type"));
    }
  }

  private void call(Message<JsonObject> message) {
    JsonObject frame = message.body();
    RunningTask task = prepare(message);
    if (task == null) {
      return;
    }
    String key = Frames.key(frame);
    task.start(frame.getLong("timeoutMs", 0L)).onComplete(ar -> {
      running.remove(key);
      // after a timeout or a cancel the caller has stopped waiting and drops the reply; a caller that
      // went down cannot be answered at all
      if (!task.abandoned()) {
        message.reply(ar.result().writeTo(new JsonObject()));
      }
    });
  }

  private void spawn(Message<JsonObject> message) {
    JsonObject frame = message.body();
    RunningTask task = prepare(message);
    if (task == null) {
      return;
    }
    String key = Frames.key(frame);
    String callerId = frame.getString("caller");
    OutputChannel out = new OutputChannel(context, frame.getString("task"), InvokeAddresses.output(callerId),
      frame.getLong("id"), callerId,
      () -> task.cancel(InvokeFailure.TASK_FAILED, "output overflow: the task printed faster than its caller reads"),
      () -> outputs.remove(key));
    task.output(out);
    outputs.put(key, out);
    message.reply(Frames.started());
    task.start(frame.getLong("timeoutMs", 0L)).onComplete(ar -> {
      running.remove(key);
      if (task.cancelled()) {
        out.abort(ar.result());
      } else {
        out.finish(ar.result());
      }
    });
  }

  /** The running task for a call or spawn frame, or null after replying why there is none. */
  private RunningTask prepare(Message<JsonObject> message) {
    JsonObject frame = message.body();
    String name = frame.getString("task");
    Task task = registry.task(name);
    if (task == null) {
      message.reply(Outcome.failed(InvokeFailure.NO_SUCH_TASK,
        "no task named " + name + " on " + nodes.self().name()).writeTo(new JsonObject()));
      return null;
    }
    String callerId = frame.getString("caller");
    String caller = nodes.byId(callerId).map(NodeInfo::name).orElse(callerId);
    RunningTask running = new RunningTask(context, name, task, nodes.self(), callerId, caller, frame.getJsonObject("args"));
    this.running.put(Frames.key(frame), running);
    return running;
  }

  private void ack(JsonObject frame) {
    OutputChannel out = outputs.get(Frames.key(frame));
    if (out == null) {
      return;
    }
    out.acknowledged(frame.getLong("seq"));
  }

  private void cancel(JsonObject frame) {
    RunningTask task = running.get(Frames.key(frame));
    if (task != null) {
      task.cancel(InvokeFailure.CANCELLED, "cancelled by " + task.caller());
    }
  }
}
