package multinode.eval;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import multinode.config.EvalSettings;
import multinode.chat.Chat;
import multinode.groups.Groups;
import multinode.invoke.Invoke;
import multinode.invoke.InvokeException;
import multinode.invoke.InvokeFailure;
import multinode.invoke.TaskContext;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Code typed at a prompt, run on this node: registers the task {@link Invoke#EVAL_TASK} (every node has
 * it, so that a node with {@code invoke.eval.enabled} off answers {@code eval_disabled} rather than
 * {@code no_such_task}). Every evaluation is logged here (caller, size, a hash of the source, never the
 * source) and counted by outcome.
 */
public final class EvalVerticle extends VerticleBase {

  /** The longest source accepted, in characters. */
  public static final int MAX_SOURCE_CHARS = 64 * 1024;

  /** What {@link #evaluations} counts: {@code stopped} is a timeout or a cancel, the rest are failures' codes. */
  public static final List<String> OUTCOMES = List.of("ok", InvokeFailure.COMPILE_ERROR.code(),
    InvokeFailure.TASK_FAILED.code(), "stopped", InvokeFailure.EVAL_DISABLED.code(), InvokeFailure.BAD_ARGS.code());

  private static final Logger log = LoggerFactory.getLogger(EvalVerticle.class);

  private final EvalSettings settings;
  private final Invoke invoke;
  private final Nodes nodes;
  private final Groups groups;
  private final Chat chat;
  private final PubSub pubSub;
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private Evaluator evaluator;
  /** The node's own standard output, where an evaluation's threads print once it is over. */
  private OutputStream nodeOutput;

  public EvalVerticle(EvalSettings settings, Invoke invoke, Nodes nodes, Groups groups, PubSub pubSub, Chat chat) {
    this.settings = settings;
    this.invoke = invoke;
    this.nodes = nodes;
    this.groups = groups;
    this.chat = chat;
    this.pubSub = pubSub;
  }

  @Override
  public Future<?> start() {
    if (settings.enabled()) {
      nodeOutput = RoutedOutput.install();
      evaluator = new Evaluator();
    }
    invoke.register(Invoke.EVAL_TASK, "runs {\"source\": Java statements} here, where invoke.eval.enabled is on; "
      + "prints their output, returns the last expression's value", this::evaluate);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (evaluator != null) {
      evaluator.close();
    }
    return Future.succeededFuture();
  }

  /** How many evaluations asked of this node ended with {@code outcome} (one of {@link #OUTCOMES}). */
  public long evaluations(String outcome) {
    LongAdder count = outcomes.get(outcome);
    return count == null ? 0 : count.sum();
  }

  private Future<String> evaluate(TaskContext task) {
    Future<String> result = start(task);
    return result.andThen(ar -> count(task.cancelled() ? "stopped" : ar.succeeded() ? "ok"
      : ar.cause() instanceof InvokeException e ? e.code() : InvokeFailure.TASK_FAILED.code()));
  }

  private Future<String> start(TaskContext task) {
    if (evaluator == null) {
      return Future.failedFuture(new InvokeException(InvokeFailure.EVAL_DISABLED,
        nodes.self().name() + " runs no code sent to it (invoke.eval.enabled is off)"));
    }
    Object source = task.args().getValue("source");
    if (!(source instanceof String text) || text.isBlank() || text.length() > MAX_SOURCE_CHARS) {
      return Future.failedFuture(InvokeException.badArgs("source: must be Java statements, 1 to " + MAX_SOURCE_CHARS
        + " characters"));
    }
    log.info("eval from {}: {} characters, sha-256 {}", task.caller(), text.length(), digest(text));
    Lines output = new Lines(task.out()::println, nodeOutput);
    Evaluator.Evaluation evaluation = evaluator.start(text, new Eval.Scope(nodes, groups, pubSub, chat, vertx, output));
    task.onCancel(v -> stopUntilDone(evaluation));
    return Future.fromCompletionStage(evaluation.result(), vertx.getOrCreateContext());
  }

  /**
   * Stops the code, again every 100 ms until it has ended: a stop that comes while JShell still compiles
   * finds nothing running yet.
   */
  private void stopUntilDone(Evaluator.Evaluation evaluation) {
    evaluation.stop();
    if (!evaluation.result().isDone()) {
      vertx.setTimer(100, t -> stopUntilDone(evaluation));
    }
  }

  private void count(String outcome) {
    outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
  }

  private static String digest(String source) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
