package multinode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads the classes a start needs on a thread of its own, ahead of the thread that starts the node, as
 * Spring Boot's background pre-initializer does: a start loads about 6,000 classes from the jar, one
 * after another, and a second core can read, parse and verify most of them meanwhile (about a second
 * of a three-second start on two cores).
 * <p>
 * The list, {@value #LIST}, is made by the build: it starts a node from the compiled classes with
 * {@code -XX:DumpLoadedClassList} (see {@code pom.xml}), so it holds the classes in the order a start
 * loads them. Classes are loaded, never initialized, so no static initializer runs out of its turn; a
 * class the list names but the jar lacks is skipped. Without the list nothing is preloaded.
 */
final class Preload {

  static final String LIST = "multinode/preload.classes";

  private Preload() {
  }

  /** Starts loading the listed classes in the background; returns at once. */
  static void start() {
    InputStream list = Preload.class.getClassLoader().getResourceAsStream(LIST);
    if (list == null) {
      return;
    }
    Thread thread = new Thread(() -> load(list), "multinode-preload");
    thread.setDaemon(true);
    thread.start();
  }

  private static void load(InputStream list) {
    ClassLoader loader = Preload.class.getClassLoader();
    for (String name : names(list)) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // the list is from the build's own start; a class missing here is one that start did not need
      }
    }
    StartupTrace.mark("classes preloaded");
  }

  /** The class names of a {@code -XX:DumpLoadedClassList} file: one per line, before any space; comments and lambda proxies skipped. */
  static List<String> names(InputStream list) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
      return reader.lines()
        .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("@"))
        .map(line -> line.split(" ", 2)[0].replace('/', '.'))
        .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
