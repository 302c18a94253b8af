package multinode;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import multinode.config.ConfigException;
import multinode.config.NodeConfig;
import multinode.console.Console;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * The Vert.x 5 launcher with multinode's hooks: it builds the clustered Vert.x from the node's
 * {@link NodeConfig}, deploys {@link MultinodeVerticle}, runs the console once the node is up, and turns
 * each way a start can fail into one line and its exit code (2 configuration, 11 the cluster, 15 a
 * capability). {@link Main} reads the flags and the configuration before this class is loaded.
 */
final class NodeApplication extends VertxApplication implements VertxApplicationHooks {

  private static final int EXIT_DEPLOYMENT = 15;
  /** The start-up banner's bare lines; a stop's two lines go there too. */
  private static final org.slf4j.Logger stops = LoggerFactory.getLogger("multinode.banner");

  private final NodeConfig config;
  private final boolean console;
  private final List<String> evals;
  private final PrometheusMeterRegistry meters = Multinode.meterRegistry();
  private volatile MultinodeVerticle root;
  private volatile boolean started;

  NodeApplication(String[] args, NodeConfig config, boolean console, List<String> evals) {
    super(args);
    this.config = config;
    this.console = console;
    this.evals = evals;
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
      System.exit(Main.EXIT_CONFIG);
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
    if (root != t && root.getMessage() != null && !message.contains(Failures.ioMessage(root))) {
      message += ": " + Failures.ioMessage(root);
    }
    return message.lines().findFirst().orElse(t.getClass().getSimpleName());
  }
}
