package multinode.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import multinode.invoke.InvokeException;
import multinode.invoke.InvokeFailure;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs Java source with JShell's in-process engine, on threads of its own (never an event loop): the
 * code sees the node's objects through {@link Eval}, and its output is routed to the caller. One JShell
 * is kept warm (its imports compiled) for the next evaluation; after each evaluation its snippets are
 * dropped, so one caller's definitions never reach the next, and a JShell whose code was stopped is
 * closed rather than reused.
 * <p>
 * JShell's other engine, a JVM of its own per JShell, would isolate the code better, but the code could
 * not see the node, and it takes about 0.3 s to start.
 */
final class Evaluator implements AutoCloseable {

  /** Evaluations at once; more wait for a thread (their timeout runs meanwhile). */
  static final int THREADS = 4;

  private static final List<String> IMPORTS = List.of("java.util.*", "java.util.concurrent.*", "java.util.function.*",
    "java.util.stream.*", "java.time.*", "io.vertx.core.*", "io.vertx.core.json.*", "multinode.*", "multinode.node.*",
    "multinode.groups.*", "multinode.pubsub.*", "multinode.invoke.*", "multinode.chat.*");

  private final ExecutorService threads;
  private final BlockingQueue<JShell> warm = new ArrayBlockingQueue<>(1);
  private final String classPath = System.getProperty("java.class.path");
  /** Evaluations that answered and are putting their shell back. */
  private final AtomicInteger returning = new AtomicInteger();
  private volatile boolean closed;

  Evaluator() {
    AtomicInteger count = new AtomicInteger();
    threads = Executors.newFixedThreadPool(THREADS, r -> {
      Thread thread = new Thread(r, "multinode-eval-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    threads.execute(this::keepOneWarm);
  }

  /** A running evaluation: its outcome, and a way to stop it. */
  static final class Evaluation {

    private final CompletableFuture<String> result = new CompletableFuture<>();
    private JShell shell;
    private volatile boolean stopped;

    /** The value of the last expression as JShell shows it, or null; or an {@link InvokeException}. */
    CompletableFuture<String> result() {
      return result;
    }

    /** Stops the code where it runs (a loop included); the outcome no longer matters to anyone. */
    synchronized void stop() {
      stopped = true;
      if (shell != null) {
        shell.stop();
      }
    }

    private synchronized void hold(JShell held) {
      shell = held;
    }

    /** Lets go of the shell, which may then run someone else's code: a late stop must not reach it. */
    private synchronized boolean release() {
      shell = null;
      return !stopped;
    }
  }

  /** Starts evaluating {@code source} with the node and output of {@code scope}. */
  Evaluation start(String source, Eval.Scope scope) {
    Evaluation evaluation = new Evaluation();
    threads.execute(() -> run(source, scope, evaluation));
    return evaluation;
  }

  private void run(String source, Eval.Scope scope, Evaluation evaluation) {
    JShell shell;
    try {
      if (evaluation.stopped) {
        throw new InvokeException(InvokeFailure.TIMEOUT, "stopped before it started");
      }
      shell = nextShell();
    } catch (InvokeException e) {
      evaluation.result.completeExceptionally(e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      evaluation.result.completeExceptionally(new InvokeException(InvokeFailure.NODE_DOWN, "the node is stopping"));
      return;
    }
    evaluation.hold(shell);
    String value = null;
    InvokeException failure = null;
    Eval.SCOPE.set(scope);
    try {
      value = evaluate(shell, source, evaluation);
    } catch (InvokeException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new InvokeException(InvokeFailure.TASK_FAILED, "the evaluator failed: " + e.getMessage());
    } finally {
      Eval.SCOPE.remove();
      scope.output().close();
    }
    if (closed) {
      // the node is stopping: its threads were interrupted, so whatever the code returned is no answer
      value = null;
      failure = new InvokeException(InvokeFailure.NODE_DOWN, "the node stopped while the code ran");
    }
    boolean reusable = evaluation.release();
    if (reusable) {
      // the next caller may come the moment this one has its answer: it waits for this shell, not a new one
      returning.incrementAndGet();
    }
    try {
      if (failure == null) {
        evaluation.result.complete(value);
      } else {
        evaluation.result.completeExceptionally(failure);
      }
    } finally {
      recycle(shell, !reusable);
      if (reusable) {
        returning.decrementAndGet();
      }
    }
    if (!closed) {
      threads.execute(this::keepOneWarm);
    }
  }

  /** Evaluates the source snippet by snippet, as JShell cuts it, and returns the last expression's value. */
  private static String evaluate(JShell shell, String source, Evaluation evaluation) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String rest = source;
    int offset = 0;
    String value = null;
    while (!rest.isBlank() && !evaluation.stopped) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      String snippet = info.source() != null ? info.source() : rest;
      value = null;
      for (SnippetEvent event : shell.eval(snippet)) {
        if (event.causeSnippet() != null) {
          continue;
        }
        check(shell, event, source, offset);
        Snippet.SubKind kind = event.snippet().subKind();
        if (kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND || kind == Snippet.SubKind.VAR_VALUE_SUBKIND) {
          value = event.value();
        }
      }
      int consumed = info.source() != null ? rest.length() - info.remaining().length() : rest.length();
      offset += consumed;
      rest = rest.substring(consumed);
    }
    return value;
  }

  /** Throws {@code compile_error} or {@code task_failed} for a snippet that did not compile or threw. */
  private static void check(JShell shell, SnippetEvent event, String source, int offset) {
    if (event.status() == Snippet.Status.REJECTED || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED
      || event.status() == Snippet.Status.RECOVERABLE_DEFINED) {
      Diag diag = shell.diagnostics(event.snippet()).filter(Diag::isError).findFirst().orElse(null);
      if (diag != null) {
        throw new InvokeException(InvokeFailure.COMPILE_ERROR, at(source, offset + (int) Math.max(0, diag.getStartPosition()))
          + ": " + oneLine(diag.getMessage(Locale.ROOT)));
      }
      if (event.status() != Snippet.Status.RECOVERABLE_DEFINED) {
        throw new InvokeException(InvokeFailure.COMPILE_ERROR, at(source, offset) + ": "
          + unresolved(shell, event.snippet()));
      }
    }
    if (event.exception() instanceof UnresolvedReferenceException unresolved) {
      throw new InvokeException(InvokeFailure.COMPILE_ERROR, at(source, offset) + ": "
        + unresolved(shell, unresolved.getSnippet()));
    }
    if (event.exception() instanceof EvalException thrown) {
      String message = thrown.getMessage();
      throw new InvokeException(InvokeFailure.TASK_FAILED, thrown.getExceptionClassName()
        + (message == null || message.isEmpty() ? "" : ": " + message));
    }
    if (event.exception() != null) {
      throw new InvokeException(InvokeFailure.TASK_FAILED, event.exception().getMessage());
    }
  }

  private static String unresolved(JShell shell, Snippet snippet) {
    if (snippet instanceof jdk.jshell.DeclarationSnippet declaration) {
      Set<String> names = shell.unresolvedDependencies(declaration).collect(Collectors.toCollection(java.util.TreeSet::new));
      if (!names.isEmpty()) {
        return "cannot find symbol " + String.join(", ", names);
      }
    }
    return "cannot be compiled";
  }

  /** {@code line L, column C} of a character of the source, both from 1. */
  private static String at(String source, int position) {
    int end = Math.min(position, source.length());
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < end; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + ", column " + (end - lineStart + 1);
  }

  /** The compiler's message on one line: {@code cannot find symbol (symbol: variable x)}. */
  private static String oneLine(String message) {
    List<String> lines = message.lines().map(l -> l.trim().replaceAll("\\s+", " "))
      .filter(l -> !l.isEmpty() && !l.equals("location: class")).toList();
    return lines.size() == 1 ? lines.get(0) : lines.get(0) + " (" + String.join(", ", lines.subList(1, lines.size())) + ")";
  }

  /** The warm shell, or the one an evaluation that just ended is about to put back, or else a new one. */
  private JShell nextShell() throws InterruptedException {
    JShell shell = returning.get() > 0 ? warm.poll(2, TimeUnit.SECONDS) : warm.poll();
    return shell != null ? shell : newShell();
  }

  private JShell newShell() {
    JShell shell = JShell.builder().executionEngine("local").compilerOptions("--class-path", classPath).build();
    for (String imported : IMPORTS) {
      shell.eval("import " + imported + ";");
    }
    shell.eval("import static multinode.eval.Eval.*;");
    return shell;
  }

  /** Drops what the evaluation defined and keeps the shell warm, unless its code was stopped or one is kept already. */
  private void recycle(JShell shell, boolean stopped) {
    if (stopped || closed) {
      shell.close();
      return;
    }
    shell.snippets().filter(s -> s.kind() != Snippet.Kind.IMPORT).toList().forEach(shell::drop);
    if (!warm.offer(shell)) {
      shell.close();
    }
  }

  private void keepOneWarm() {
    if (closed || !warm.isEmpty()) {
      return;
    }
    JShell shell = newShell();
    // one snippet compiled and run: the compiler's classes are loaded before the first caller's code
    shell.eval("String.valueOf(1)");
    recycle(shell, false);
  }

  @Override
  public void close() {
    closed = true;
    threads.shutdownNow();
    JShell shell;
    while ((shell = warm.poll()) != null) {
      shell.close();
    }
  }
}
