package multinode.test;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The tutorial's deployment where nodes cannot cluster: a real server and nodes started without
 * {@code -cluster} that share their topics and rooms through it, with the adapter and history store that
 * go with it ({@link #redis}: the Redis adapter and {@code redis} store; {@link #postgres}: the PostgreSQL
 * adapter and {@code postgres} store). Closing it stops the nodes, then the server.
 */
public final class SharedDeployment implements AutoCloseable {

  private final SharedServer server;
  private final Function<String, JsonObject> overrides;
  private final List<Multinode> nodes = new ArrayList<>();

  private SharedDeployment(SharedServer server, Function<String, JsonObject> overrides, String... names) {
    this.server = server;
    this.overrides = overrides;
    server.start();
    for (String name : names) {
      start(name);
    }
  }

  /** A {@code redis-server} and one node per name, started in order. */
  public static SharedDeployment redis(String... names) {
    return new SharedDeployment(new RedisServer(), ClusterNodes::sharedThroughRedis, names);
  }

  /** A PostgreSQL server and one node per name, started in order. */
  public static SharedDeployment postgres(String... names) {
    return new SharedDeployment(new PostgresServer(), ClusterNodes::sharedThroughPostgres, names);
  }

  /** Starts one more node sharing the server; {@link #close} stops it unless it was closed already. */
  public Multinode start(String name) {
    Multinode node = ClusterNodes.alone(name, overrides.apply(server.url()));
    nodes.add(node);
    return node;
  }

  /** The nodes started so far, in order. */
  public List<Multinode> nodes() {
    return List.copyOf(nodes);
  }

  /** The server, to stop and start it. */
  public SharedServer server() {
    return server;
  }

  @Override
  public void close() {
    nodes.forEach(node -> ClusterNodes.await(node.close()));
    server.close();
  }
}
