package multinode.test;

/** A server that nodes without a cluster share their topics and rooms through, started by the test. */
public interface SharedServer extends AutoCloseable {

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
