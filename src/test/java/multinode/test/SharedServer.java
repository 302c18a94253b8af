package multinode.test;

/** A server that nodes without a cluster share their topics and rooms through, started by the test. */
public interface SharedServer extends AutoCloseable {

  /** Whether something takes TCP connections on this port of 127.0.0.1. */
  static boolean answers(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Removes a server's temporary directory and everything in it; one left behind is not an error. */
  static void delete(java.nio.file.Path dir) {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory left behind
    }
  }

  /** Starts it and waits until it takes connections. */
  SharedServer start();

  /** Stops it as a crash would: its clients see their connections drop. */
  void stop();

  /** Where nodes reach it. */
  String url();

  /** Stops it if it runs and removes what it kept. */
  @Override
  void close();
}
