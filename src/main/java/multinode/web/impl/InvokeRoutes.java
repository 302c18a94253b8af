package multinode.web.impl;

import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import multinode.invoke.Invoke;
import multinode.invoke.InvokeException;
import multinode.invoke.InvokeFailure;
import multinode.invoke.NodeResult;
import multinode.invoke.Spawned;
import multinode.web.ApiResponses;

/**
 * Running tasks over HTTP. The body is the task's JSON arguments (empty means {@code {}}); the query
 * parameter {@code timeout} (ms) overrides {@code invoke.timeoutMs}.
 * <ul>
 *   <li>{@code GET /api/tasks}: this node's tasks with their summaries, and how many run now.</li>
 *   <li>{@code POST /api/nodes/{name}/tasks/{task}}: spawns the task there and streams newline-delimited
 *       JSON ({@code application/x-ndjson}): one {@code {"type":"output","line":…}} per printed line as it
 *       arrives, then {@code {"type":"result","value":…}} or {@code {"type":"error","error":code,"message":…}}.
 *       A task that fails before printing anything gets a plain JSON error with its status instead
 *       (404 {@code no_such_node}/{@code no_such_task}, 400 {@code bad_args}, 500 {@code task_failed},
 *       503 {@code node_down}, 504 {@code timeout}). Closing the connection cancels the task.</li>
 *   <li>{@code POST /api/tasks/{task}}: a multicall; {@code {"task":…,"results":[{"node":…,"ok":true,"value":…}, …]}}.</li>
 *   <li>{@code POST /api/nodes/{name}/eval}: the body is Java statements, run there ({@link Invoke#eval}) and
 *       streamed as a spawn is; 403 {@code eval_disabled} unless this listener may run code (see
 *       {@code invoke.eval.http}) and the node runs code sent to it, 400 {@code compile_error}.</li>
 * </ul>
 */
public final class InvokeRoutes {

  static final long MAX_BODY_BYTES = 64 * 1024;
  private static final String NDJSON = "application/x-ndjson";

  private InvokeRoutes() {
  }

  /**
   * @param evalAllowed whether this listener runs code on nodes ({@code admin.host} on loopback, or
   *   {@code invoke.eval.http})
   */
  public static void mount(Router router, Invoke invoke, long defaultTimeoutMs, boolean evalAllowed) {
    router.get("/api/tasks").handler(ctx -> list(ctx, invoke));
    router.post("/api/tasks/:task")
      .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
      .handler(ctx -> multicall(ctx, invoke, defaultTimeoutMs));
    router.post("/api/nodes/:name/tasks/:task")
      .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
      .handler(ctx -> spawn(ctx, invoke, defaultTimeoutMs));
    router.post("/api/nodes/:name/eval")
      .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
      .handler(ctx -> eval(ctx, invoke, defaultTimeoutMs, evalAllowed));
  }

  private static void list(RoutingContext ctx, Invoke invoke) {
    JsonArray tasks = new JsonArray();
    invoke.tasks().forEach((name, summary) -> tasks.add(new JsonObject().put("name", name).put("summary", summary)));
    ApiResponses.json(ctx, 200, new JsonObject().put("tasks", tasks).put("running", invoke.running()));
  }

  private static void multicall(RoutingContext ctx, Invoke invoke, long defaultTimeoutMs) {
    JsonObject args = args(ctx);
    Long timeout = timeout(ctx, defaultTimeoutMs);
    if (args == null || timeout == null) {
      return;
    }
    String task = ctx.pathParam("task");
    invoke.multicall(task, args, timeout).onSuccess(results -> {
      JsonArray array = new JsonArray();
      results.stream().map(NodeResult::toJson).forEach(array::add);
      ApiResponses.json(ctx, 200, new JsonObject().put("task", task).put("results", array));
    });
  }

  private static void spawn(RoutingContext ctx, Invoke invoke, long defaultTimeoutMs) {
    JsonObject args = args(ctx);
    Long timeout = timeout(ctx, defaultTimeoutMs);
    if (args == null || timeout == null) {
      return;
    }
    NdjsonStream stream = new NdjsonStream(ctx);
    stream.follow(invoke.spawn(ctx.pathParam("name"), ctx.pathParam("task"), args, timeout, stream::output));
  }

  private static void eval(RoutingContext ctx, Invoke invoke, long defaultTimeoutMs, boolean allowed) {
    if (!allowed) {
      ApiResponses.fail(ctx, new InvokeException(InvokeFailure.EVAL_DISABLED,
        "this operator API runs no code: admin.host is not loopback and invoke.eval.http is off"));
      return;
    }
    Long timeout = timeout(ctx, defaultTimeoutMs);
    if (timeout == null) {
      return;
    }
    String source = ctx.body().asString();
    if (source == null || source.isBlank()) {
      ApiResponses.fail(ctx, InvokeException.badArgs("the body must be the Java statements to run"));
      return;
    }
    NdjsonStream stream = new NdjsonStream(ctx);
    stream.follow(invoke.eval(ctx.pathParam("name"), source, timeout, stream::output));
  }

  /**
   * One spawn's answer: output lines as they come, pausing the spawn while the response's write queue is
   * full; the result or the error last. Output is handed over on the request's context, after
   * {@link #spawned} is set.
   */
  private static final class NdjsonStream {

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private Spawned spawned;

    NdjsonStream(RoutingContext ctx) {
      this.ctx = ctx;
      this.response = ctx.response();
    }

    /** Streams this spawn's output and result; closing the connection cancels it. */
    void follow(Spawned spawned) {
      this.spawned = spawned;
      response.closeHandler(v -> spawned.cancel());
      spawned.result().onComplete(this::end);
    }

    void output(String line) {
      start();
      response.write(new JsonObject().put("type", "output").put("line", line).encode() + "\n");
      if (response.writeQueueFull()) {
        spawned.pause();
        response.drainHandler(v -> spawned.resume());
      }
    }

    void end(AsyncResult<Object> result) {
      if (response.closed() || response.ended()) {
        return;
      }
      if (result.failed() && !response.headWritten()) {
        InvokeException e = result.cause() instanceof InvokeException ie ? ie
          : new InvokeException(InvokeFailure.TASK_FAILED, String.valueOf(result.cause().getMessage()));
        ApiResponses.fail(ctx, e);
        return;
      }
      start();
      JsonObject last = result.succeeded()
        ? new JsonObject().put("type", "result").put("value", result.result())
        : error(result.cause());
      response.end(last.encode() + "\n");
    }

    private void start() {
      if (!response.headWritten()) {
        response.setStatusCode(200).setChunked(true).putHeader("content-type", NDJSON);
      }
    }
  }

  private static JsonObject error(Throwable failure) {
    InvokeFailure kind = failure instanceof InvokeException e ? e.failure() : InvokeFailure.TASK_FAILED;
    return new JsonObject().put("type", "error").put("error", kind.code()).put("message", failure.getMessage());
  }

  /** The body as the task's arguments (empty means none), or null after answering 400. */
  private static JsonObject args(RoutingContext ctx) {
    return ctx.body().isEmpty() ? new JsonObject()
      : ApiResponses.jsonObjectBody(ctx, "the body must be a JSON object (the task's arguments) or empty");
  }

  /** The {@code timeout} query parameter, or the default; null after answering 400. */
  private static Long timeout(RoutingContext ctx, long defaultTimeoutMs) {
    String value = ctx.request().getParam("timeout");
    if (value == null) {
      return defaultTimeoutMs;
    }
    if (value.matches("\\d{1,7}") && Long.parseLong(value) >= 1 && Long.parseLong(value) <= 3_600_000) {
      return Long.parseLong(value);
    }
    ApiResponses.error(ctx, 400, "invalid_timeout", "timeout must be a whole number of milliseconds from 1 to 3600000, got \"" + value + "\"");
    return null;
  }
}
