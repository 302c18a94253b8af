package multinode.test;

import multinode.Multinode;

import java.util.ArrayList;
import java.util.List;

/**
 * The tutorial's deployment where nodes cannot cluster: a real {@code redis-server} and nodes started
 * without {@code -cluster} that share their topics and rooms through it (the Redis adapter, and so the
 * {@code redis} history store). Closing it stops the nodes, then the server.
 */
public final class RedisDeployment implements AutoCloseable {

  private final RedisServer redis = new RedisServer().start();
  private final List<Multinode> nodes = new ArrayList<>();

  /** Redis and one node per name, started in order. */
  public RedisDeployment(String... names) {
    for (String name : names) {
      start(name);
    }
  }

  /** Starts one more node sharing the server; {@link #close} stops it unless it was closed already. */
  public Multinode start(String name) {
    Multinode node = ClusterNodes.alone(name, ClusterNodes.sharedThroughRedis(redis.url()));
    nodes.add(node);
    return node;
  }

  /** The nodes started so far, in order. */
  public List<Multinode> nodes() {
    return List.copyOf(nodes);
  }

  /** The Redis server, to stop and start it. */
  public RedisServer redis() {
    return redis;
  }

  @Override
  public void close() {
    nodes.forEach(node -> ClusterNodes.await(node.close()));
    redis.close();
  }
}
