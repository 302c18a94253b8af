package multinode.invoke.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import multinode.invoke.TaskArgs;
import multinode.invoke.TaskContext;
import multinode.invoke.TaskOutput;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.time.Duration;

/** The tasks every node runs, apart from the verticle ones ({@link VerticleTasks}). */
final class BuiltinTasks {

  private BuiltinTasks() {
  }

  static void registerAll(TaskRegistry registry) {
    registry.register("node.name", "prints and returns the name of the node it runs on", BuiltinTasks::nodeName);
    registry.register("echo", "returns its arguments; prints {\"text\":…} if given", BuiltinTasks::echo);
    registry.register("sleep", "waits {\"ms\":n} milliseconds, then returns n (cancellable)", BuiltinTasks::sleep);
    registry.register("seq", "prints the numbers 1 to {\"count\":n}, one per line, and returns n", BuiltinTasks::seq);
    registry.register("sys.info", "the node's JVM, CPUs, memory and uptime", BuiltinTasks::sysInfo);
  }

  /** The tutorial's {@code Node.spawn(node, fn -> IO.puts :erlang.node end)}. */
  static Future<String> nodeName(TaskContext task) {
    task.out().println(task.node().name());
    return Future.succeededFuture(task.node().name());
  }

  static Future<JsonObject> echo(TaskContext task) {
    Object text = task.args().getValue("text");
    if (text != null) {
      task.out().println(String.valueOf(text));
    }
    return Future.succeededFuture(task.args());
  }

  static Future<Long> sleep(TaskContext task) {
    long ms = TaskArgs.integer(task.args(), "ms", 0, Duration.ofHours(1).toMillis());
    Promise<Long> slept = Promise.promise();
    long timer = task.vertx().setTimer(Math.max(1, ms), t -> slept.tryComplete(ms));
    task.onCancel(v -> task.vertx().cancelTimer(timer));
    return slept.future();
  }

  /** Prints as fast as the caller takes the lines, pausing while the output queue is full. */
  static Future<Long> seq(TaskContext task) {
    long count = TaskArgs.integer(task.args(), "count", 0, 1_000_000_000);
    Promise<Long> done = Promise.promise();
    printFrom(task, 1, count, done);
    return done.future();
  }

  private static void printFrom(TaskContext task, long next, long count, Promise<Long> done) {
    TaskOutput out = task.out();
    long i = next;
    while (i <= count && !task.cancelled()) {
      if (out.writeQueueFull()) {
        long resumeAt = i;
        out.drainHandler(v -> printFrom(task, resumeAt, count, done));
        return;
      }
      out.println(Long.toString(i++));
    }
    done.tryComplete(count);
  }

  static Future<JsonObject> sysInfo(TaskContext task) {
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    JsonObject info = new JsonObject()
      .put("node", task.node().name())
      .put("pid", ProcessHandle.current().pid())
      .put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"))
      .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
      .put("cpus", Runtime.getRuntime().availableProcessors())
      .put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
      .put("heapUsedBytes", heap.getUsed())
      .put("heapMaxBytes", heap.getMax())
      .put("threads", ManagementFactory.getThreadMXBean().getThreadCount())
      .put("uptimeMs", runtime.getUptime());
    task.out().println(String.format("%s: %s, %d CPUs, heap %d of %d MiB, up %d s", info.getString("node"),
      info.getString("java"), info.getInteger("cpus"), heap.getUsed() >> 20, heap.getMax() >> 20, runtime.getUptime() / 1000));
    return Future.succeededFuture(info);
  }
}
