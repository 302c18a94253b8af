package multinode.invoke.impl;

import multinode.invoke.Invoke;
import multinode.invoke.Task;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks this node runs for others, by name. */
final class TaskRegistry {

  private record Entry(String summary, Task task) {
  }

  private final Map<String, Entry> tasks = new ConcurrentHashMap<>();

  void register(String name, String summary, Task task) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(task, "task");
    if (name.isEmpty() || name.length() > Invoke.MAX_TASK_LENGTH || !name.matches("\\S+")) {
      throw new IllegalArgumentException("a task name is 1 to " + Invoke.MAX_TASK_LENGTH
        + " characters without spaces, got \"" + name + "\"");
    }
    tasks.put(name, new Entry(summary, task));
  }

  /** The task, or null. */
  Task task(String name) {
    Entry entry = name == null ? null : tasks.get(name);
    return entry == null ? null : entry.task();
  }

  Map<String, String> summaries() {
    Map<String, String> sorted = new TreeMap<>();
    tasks.forEach((name, entry) -> sorted.put(name, entry.summary()));
    return sorted;
  }
}
