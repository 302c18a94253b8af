package multinode;

import io.vertx.core.json.JsonObject;
import multinode.chat.history.RoomLogs;
import multinode.config.ConfigException;
import multinode.config.ConfigLoader;
import multinode.config.NodeConfig;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;

/**
 * {@code java -jar multinode.jar [-cluster] [-conf file|json] [-cluster-host h] [--console] [--eval cmd]…}:
 * starts one node; with {@code --console} it is also an interactive console, with {@code --eval} (or
 * commands piped on stdin with {@code --console}) it runs those commands and exits.
 * <p>
 * The Vert.x 5 launcher handles its own flags ({@code -cluster}, {@code -cluster-host},
 * {@code -cluster-port}, {@code -cluster-public-host}, {@code -cluster-public-port}, {@code -options});
 * {@code -conf} is read here, because it is merged with the defaults and the environment into one
 * validated {@link NodeConfig} before anything starts. Exit codes: 0 after a clean stop (SIGTERM,
 * Ctrl-C), 2 for a bad configuration or flag, 11 when the cluster cannot be joined, 15 when a
 * capability cannot start.
 */
public final class Main {

  static final int EXIT_CONFIG = 2;

  private Main() {
  }

  public static void main(String[] args) {
    // first: the classes a start needs load on another core while this thread reads the configuration
    // and starts Vert.x (this class has no static state, so nothing heavier was loaded to get here)
    Preload.start();
    StartupTrace.mark("main");
    Flags parsed;
    try {
      parsed = Flags.parse(args);
    } catch (Flags.Refused e) {
      System.err.println("multinode: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    if (parsed.help()) {
      System.out.println(Flags.USAGE);
      return;
    }
    boolean console = parsed.console();
    List<String> evals = parsed.evals();
    boolean clustered = parsed.clustered();
    String conf = parsed.conf();
    JsonObject flags = new JsonObject();
    if (parsed.clusterHost() != null) {
      flags.put("cluster", new JsonObject().put("host", parsed.clusterHost()));
    }
    List<String> launcherArgs = parsed.launcherArgs();
    if (console || !evals.isEmpty()) {
      // the console owns the terminal: logs go to stderr, warnings only, and the banner is its own
      System.setProperty("multinode.logLevel", "WARN");
      System.setProperty("multinode.logTarget", "System.err");
      System.setProperty("multinode.bannerLevel", "OFF");
      reloadLogging();
    }
    NodeConfig config;
    try {
      config = console || !evals.isEmpty()
        ? ConfigLoader.loadForConsole(System.getenv(), conf, flags)
        : ConfigLoader.load(System.getenv(), conf, flags);
      // before Vert.x starts: a clustered node would join its cluster first and only then find out
      RoomLogs.resolve(config.chat(), config.pubSub(), clustered);
    } catch (ConfigException e) {
      System.err.println("multinode: invalid configuration: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    StartupTrace.mark("configuration read");
    exitCleanlyOnSignals();
    StartLog.hold();
    new NodeApplication(launcherArgs.toArray(new String[0]), config, console, List.copyOf(evals)).launch();
  }

  /** Sets the logging up again ({@link Logging}): the launcher's classes start logging before main() can set its properties. */
  private static void reloadLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        System.err.println("multinode: cannot read the logging configuration: " + e.getMessage());
      }
    }
  }

  /**
   * SIGTERM and Ctrl-C stop the node cleanly (the launcher's shutdown hook closes Vert.x, and the
   * other nodes hear a goodbye) and exit 0, as a service manager expects after a requested stop.
   */
  private static void exitCleanlyOnSignals() {
    for (String signal : List.of("TERM", "INT")) {
      Signal.handle(new Signal(signal), s -> System.exit(0));
    }
  }
}
