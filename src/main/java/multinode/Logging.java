package multinode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import multinode.node.NodeSetup;

import java.util.Map;

/**
 * The node's logging, set in code rather than read from a {@code logback.xml}: parsing one (Joran) took a
 * quarter of a second of every start. Found by logback through {@code META-INF/services}; a file named by
 * {@code -Dlogback.configurationFile} still replaces all of this.
 * <p>
 * Every log line goes to standard output as {@code HH:mm:ss.SSS LEVEL message}; the start-up banner and
 * {@code READY} as bare lines ({@code multinode.banner}), easy to read and to wait for. With the console
 * ({@link Main} sets {@code multinode.logTarget}, {@code multinode.logLevel} and
 * {@code multinode.bannerLevel}), logs go to standard error, warnings only, and no banner.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class Logging extends ContextAwareBase implements Configurator {

  /** The appender of every line but the banner's; the console puts its own in its place. */
  public static final String APPENDER = "STDOUT";

  /** Levels that differ from the root's, each for a reason. */
  private static final Map<String, Level> LEVELS = Map.ofEntries(
    // "CP Subsystem is not enabled": multinode uses no CP data structures
    Map.entry("com.hazelcast.cp.CPSubsystem", Level.ERROR),
    Map.entry("com.hazelcast.instance.impl.HazelcastInstanceFactory", Level.ERROR),
    // connection churn ("Removing connection", "Broken pipe") whenever a member goes: the node-down line says it
    Map.entry("com.hazelcast.internal.server.tcp", Level.ERROR),
    Map.entry("io.vertx", Level.WARN),
    // the launcher's failures are printed as one line by multinode.Main
    Map.entry("io.vertx.launcher", Level.OFF),
    Map.entry("io.netty", Level.WARN),
    // "Failed to find a usable hardware address": a host without a hardware interface (a container, a
    // network namespace); Netty then uses random bytes for its ids, which is as good
    Map.entry("io.netty.util.internal.MacAddressUtil", Level.ERROR),
    // the RabbitMQ clients log every reconnect attempt as an ERROR with its stack trace; the rabbitmq
    // adapter says once that the broker is gone and once that it is back
    Map.entry("io.vertx.rabbitmq", Level.OFF),
    Map.entry("com.rabbitmq.client", Level.OFF),
    // the MQTT client likewise logs each failed connect ("Can't connect to host:port") as an ERROR with its
    // stack trace, every 2 s while the broker is down; the mqtt adapter says so once
    Map.entry("io.vertx.mqtt.impl.MqttClientImpl", Level.OFF),
    // "This Gauge has been already registered (vertx.eventbus.handlers)" at every start: Vert.x's metrics
    // register that gauge twice; the first one counts the live handlers
    Map.entry("io.micrometer.core.instrument.MeterRegistry", Level.ERROR));

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // Hazelcast's warnings while a member joins, leaves, crashes or merges ("suspected to be dead", "Not
    // Member!", a MemberLeftException...) and the event bus's failed connection to a node that went: the
    // node up/down lines say those transitions
    addTurboFilter(context, NodeSetup.transitionsLogFilter());
    // warnings and errors while the node starts: dropped when it cannot start (it says why in one line),
    // logged once it has
    addTurboFilter(context, new StartLog());

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getProperty("multinode.logLevel"), Level.INFO));
    root.addAppender(console(context, APPENDER, "%d{HH:mm:ss.SSS} %-5level %msg%n",
      System.getProperty("multinode.logTarget", "System.out")));

    Logger banner = context.getLogger("multinode.banner");
    banner.setLevel(Level.toLevel(System.getProperty("multinode.bannerLevel"), Level.INFO));
    banner.setAdditive(false);
    banner.addAppender(console(context, "PLAIN", "%msg%n", "System.out"));

    String hazelcast = System.getenv().getOrDefault("MULTINODE_HAZELCAST_LOG_LEVEL",
      System.getProperty("MULTINODE_HAZELCAST_LOG_LEVEL"));
    context.getLogger("com.hazelcast").setLevel(Level.toLevel(hazelcast, Level.WARN));
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static void addTurboFilter(LoggerContext context, TurboFilter filter) {
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name, String pattern, String target) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setTarget(target);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
