package multinode.test;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import multinode.Multinode;
import multinode.config.ConfigLoader;
import multinode.config.NodeConfig;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Real clustered multinode nodes inside the test JVM: static discovery on 127.0.0.1, free ports (HTTP,
 * operator API, TCP bridge) and a
 * random cookie per fixture, so fixtures never see each other.
 */
public final class ClusterNodes implements AutoCloseable {

  private final String cookie = "test-" + UUID.randomUUID();
  private final List<Integer> hazelcastPorts;
  private final List<Multinode> running = new ArrayList<>();
  private int started;

  /** A fixture that can start up to {@code capacity} nodes over its lifetime. */
  public ClusterNodes(int capacity) {
    this.hazelcastPorts = FreePorts.take(capacity);
  }

  /** The configuration the fixture gives the node called {@code name}, plus {@code overrides}. */
  public NodeConfig config(String name, JsonObject overrides) {
    if (started >= hazelcastPorts.size()) {
      throw new IllegalStateException("fixture capacity " + hazelcastPorts.size() + " used up");
    }
    JsonArray members = new JsonArray();
    hazelcastPorts.forEach(port -> members.add("127.0.0.1:" + port));
    JsonObject flags = new JsonObject()
      .put("node", new JsonObject().put("name", name).put("cookie", cookie))
      .put("cluster", new JsonObject().put("discovery", "static").put("members", members)
        .put("host", "127.0.0.1").put("hazelcastPort", hazelcastPorts.get(started++)))
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.take(1).get(0)))
      .put("admin", new JsonObject().put("port", FreePorts.take(1).get(0)))
      .put("bridge", new JsonObject().put("port", FreePorts.take(1).get(0)));
    return ConfigLoader.load(Map.of(), null, flags.mergeIn(overrides, true));
  }

  /** Starts a clustered node and waits until it is ready. */
  public Multinode start(String name) {
    return start(config(name, new JsonObject()));
  }

  /** Starts a clustered node with this configuration and waits until it is ready. */
  public Multinode start(NodeConfig config) {
    Multinode node = await(Multinode.start(config, true));
    running.add(node);
    return node;
  }

  /** Waits until every running node lists all the others and the cluster is safe to kill nodes in. */
  public void awaitFormed() {
    Poll.until(Duration.ofSeconds(30), "every node sees " + (running.size() - 1) + " others",
      () -> running.stream().allMatch(n -> n.nodes().list().size() == running.size() - 1));
    Poll.until(Duration.ofSeconds(30), "cluster safe",
      () -> running.stream().allMatch(n -> await(n.nodes().ready())));
  }

  /** Stops a node cleanly, as SIGTERM would. */
  public void stop(Multinode node) {
    running.remove(node);
    await(node.close());
  }

  /** Kills a node's cluster membership without a goodbye, as {@code kill -9} would, then frees it. */
  public void crash(Multinode node) {
    running.remove(node);
    HazelcastInstance hazelcast = ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager())
      .getHazelcastInstance();
    hazelcast.getLifecycleService().terminate();
    forgetCluster((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager());
    node.vertx().close().otherwiseEmpty().toCompletionStage().toCompletableFuture().join();
  }

  /**
   * Tells a cluster manager whose Hazelcast was terminated that it has no cluster to leave, so that closing
   * the node's Vert.x frees its threads and ports without leaving through a dead instance (which logs
   * {@code Failed to leave cluster}: a killed process never gets that far).
   */
  private static void forgetCluster(HazelcastClusterManager manager) {
    try {
      Field active = HazelcastClusterManager.class.getDeclaredField("active");
      active.setAccessible(true);
      active.setBoolean(manager, false);
      Field locks = HazelcastClusterManager.class.getDeclaredField("lockReleaseExec");
      locks.setAccessible(true);
      ((ExecutorService) locks.get(manager)).shutdown();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("vertx-hazelcast changed: the crash simulation needs updating", e);
    }
  }

  @Override
  public void close() {
    new ArrayList<>(running).forEach(this::stop);
  }

  /** Starts a node that runs alone (no {@code -cluster}), with its HTTP server on a free port of 127.0.0.1. */
  public static Multinode alone(String name) {
    return alone(name, new JsonObject());
  }

  /** Starts a node without {@code -cluster}, as {@link #alone(String)}, plus {@code overrides}. */
  public static Multinode alone(String name, JsonObject overrides) {
    return await(Multinode.start(ConfigLoader.load(Map.of(), null, new JsonObject()
      .put("node", new JsonObject().put("name", name))
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.take(1).get(0)))
      .put("admin", new JsonObject().put("port", FreePorts.take(1).get(0)))
      .put("bridge", new JsonObject().put("port", FreePorts.take(1).get(0))).mergeIn(overrides, true)), false));
  }

  /** The overrides of a node that shares its rooms through this Redis server: the Redis adapter (and so the redis store). */
  public static JsonObject sharedThroughRedis(String redisUrl) {
    return new JsonObject().put("pubsub", new JsonObject().put("adapter", "redis")
      .put("redis", new JsonObject().put("url", redisUrl)));
  }

  /** The overrides of a node that shares topics and rooms through this PostgreSQL database (adapter and history). */
  public static JsonObject sharedThroughPostgres(String postgresUrl) {
    return new JsonObject().put("pubsub", new JsonObject().put("adapter", "postgres")
      .put("postgres", new JsonObject().put("url", postgresUrl)));
  }

  /** The overrides of a node that shares topics through this RabbitMQ broker. */
  public static JsonObject sharedThroughRabbitMq(String url) {
    return new JsonObject().put("pubsub", new JsonObject().put("adapter", "rabbitmq")
      .put("rabbitmq", new JsonObject().put("url", url)));
  }

  /** The overrides of a node that shares topics through this MQTT broker. */
  public static JsonObject sharedThroughMqtt(String url) {
    return new JsonObject().put("pubsub", new JsonObject().put("adapter", "mqtt")
      .put("mqtt", new JsonObject().put("url", url)));
  }

  /** The overrides of a node that keeps its rooms' history in this PostgreSQL database. */
  public static JsonObject historyIn(String postgresUrl) {
    return new JsonObject().put("chat", new JsonObject().put("history", new JsonObject().put("store", "postgres")
      .put("postgres", new JsonObject().put("url", postgresUrl))));
  }

  /** Blocks the test thread for a Vert.x future (never call from an event loop). */
  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
