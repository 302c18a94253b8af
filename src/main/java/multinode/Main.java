package multinode;

import io.vertx.core.Deployable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import multinode.chat.history.RoomLogs;
import multinode.config.ConfigException;
import multinode.config.ConfigLoader;
import multinode.config.NodeConfig;
import multinode.console.Console;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.function.Supplier;

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
public final class Main extends VertxApplication implements VertxApplicationHooks {

  static final int EXIT_CONFIG = 2;
  private static final int EXIT_DEPLOYMENT = 15;
  /** The start-up banner's bare lines; a stop's two lines go there too. */
  private static final org.slf4j.Logger stops = LoggerFactory.getLogger("multinode.banner");

  private final NodeConfig config;
  private final boolean console;
  private final List<String> evals;
  private final PrometheusMeterRegistry meters = Multinode.meterRegistry();
  private volatile MultinodeVerticle root;
  private volatile boolean started;

  private Main(String[] args, NodeConfig config, boolean console, List<String> evals) {
    super(args);
    this.config = config;
    this.console = console;
    this.evals = evals;
  }

  public static void main(String[] args) {
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
    new Main(launcherArgs.toArray(new String[0]), config, console, List.copyOf(evals)).launch();
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

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    return Multinode.vertxBuilder(config, options, meters);
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> {
      StartupTrace.mark("vert.x started (with -cluster: the cluster joined)");
      root = new MultinodeVerticle(config, meters);
      return root;
    };
  }

  /** With {@code --console} or {@code --eval}, the console runs once the node is up; the node stops with it. */
  @Override
  public void afterVerticleDeployed(HookContext context) {
    started = true;
    StartLog.started();
    if (console || !evals.isEmpty()) {
      Thread thread = new Thread(() -> System.exit(Console.run(root, evals)), "multinode-console");
      thread.start();
    }
  }

  /** A requested stop says so, then says when it is done: the other nodes have had their goodbye by then. */
  @Override
  public void beforeStoppingVertx(HookContext context) {
    if (root == null || !started) {
      // a node that could not start said so in one line already
      return;
    }
    boolean clustered = ((io.vertx.core.internal.VertxInternal) context.vertx()).clusterManager() != null;
    stops.info(clustered ? "stopping: leaving the cluster" : "stopping");
  }

  @Override
  public void afterVertxStopped(HookContext context) {
    if (started) {
      stops.info("stopped");
    }
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    StartLog.failed();
    String why = oneLine(t);
    if (why.contains("MulticastService")) {
      why += " (cluster.discovery is multicast, which needs an interface that carries multicast; "
        + "MULTINODE_DISCOVERY=static with MULTINODE_MEMBERS lists the nodes instead)";
    }
    System.err.println("multinode: could not start the node: " + why);
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    StartLog.failed();
    if (t instanceof ConfigException) {
      System.err.println("multinode: invalid configuration: " + t.getMessage());
      System.exit(EXIT_CONFIG);
    }
    System.err.println("multinode: could not start the node: " + oneLine(t));
    System.exit(EXIT_DEPLOYMENT);
  }

  private static String oneLine(Throwable t) {
    if (t == null) {
      return "timed out";
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(t.getMessage());
    if (root != t && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getMessage();
    }
    return message.lines().findFirst().orElse(t.getClass().getSimpleName());
  }
}
