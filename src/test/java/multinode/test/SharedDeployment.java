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
 * adapter and {@code postgres} store), or a broker for the topics and PostgreSQL for the history. Closing
 * it stops the nodes, then the servers.
 */
public final class SharedDeployment implements AutoCloseable {

  private final List<SharedServer> servers;
  private final JsonObject overrides;
  private final List<Multinode> nodes = new ArrayList<>();

  private SharedDeployment(List<SharedServer> servers, Function<List<String>, JsonObject> overrides, String... names) {
    this.servers = servers;
    servers.forEach(SharedServer::start);
    this.overrides = overrides.apply(servers.stream().map(SharedServer::url).toList());
    for (String name : names) {
      start(name);
    }
  }

  /** A {@code redis-server} and one node per name, started in order. */
  public static SharedDeployment redis(String... names) {
    return new SharedDeployment(List.of(new RedisServer()), urls -> ClusterNodes.sharedThroughRedis(urls.get(0)), names);
  }

  /** A PostgreSQL server and one node per name, started in order. */
  public static SharedDeployment postgres(String... names) {
    return new SharedDeployment(List.of(new PostgresServer()), urls -> ClusterNodes.sharedThroughPostgres(urls.get(0)), names);
  }

  /** A RabbitMQ broker for the topics and a PostgreSQL server for the rooms' history, and one node per name. */
  public static SharedDeployment rabbitMqWithPostgres(String... names) {
    return new SharedDeployment(List.of(new RabbitMqServer(), new PostgresServer()), urls ->
      ClusterNodes.sharedThroughRabbitMq(urls.get(0)).mergeIn(ClusterNodes.historyIn(urls.get(1)), true), names);
  }

  /** An MQTT broker for the topics and a PostgreSQL server for the rooms' history, and one node per name. */
  public static SharedDeployment mqttWithPostgres(String... names) {
    return new SharedDeployment(List.of(new MosquittoServer(), new PostgresServer()), urls ->
      ClusterNodes.sharedThroughMqtt(urls.get(0)).mergeIn(ClusterNodes.historyIn(urls.get(1)), true), names);
  }

  /** Starts one more node sharing the server; {@link #close} stops it unless it was closed already. */
  public Multinode start(String name) {
    Multinode node = ClusterNodes.alone(name, overrides.copy());
    nodes.add(node);
    return node;
  }

  /** The nodes started so far, in order. */
  public List<Multinode> nodes() {
    return List.copyOf(nodes);
  }

  /** The (first) server, to stop and start it. */
  public SharedServer server() {
    return servers.get(0);
  }

  @Override
  public void close() {
    nodes.forEach(node -> ClusterNodes.await(node.close()));
    servers.forEach(SharedServer::close);
  }
}
