package multinode;

import java.lang.management.ManagementFactory;

/**
 * With {@code -Dmultinode.startup.trace}, each phase of a node's start on standard error, with the time
 * since the JVM started: {@code startup +1234 ms: cluster joined}. Costs nothing otherwise.
 */
public final class StartupTrace {

  private static final boolean ON = System.getProperty("multinode.startup.trace") != null;

  private StartupTrace() {
  }

  /** Notes that {@code phase} is done. */
  public static void mark(String phase) {
    if (ON) {
      long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      System.err.println("startup +" + sinceJvmStart + " ms: " + phase);
    }
  }
}
