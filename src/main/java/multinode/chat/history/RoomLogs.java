package multinode.chat.history;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import multinode.config.ChatSettings;
import multinode.config.ChatSettings.Store;
import multinode.config.ConfigException;
import multinode.config.PubSubSettings;

/** Picks and builds the store the configuration names, refusing a store that would let two nodes number a room each on their own. */
public final class RoomLogs {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RoomLogs.class);

  private RoomLogs() {
  }

  /**
   * The store for a node: {@code chat.history.store}, where {@code auto} means {@code cluster} on a
   * clustered node, {@code redis} or {@code postgres} when nodes share rooms through that server's pubsub
   * adapter, else {@code memory}. Through a broker that keeps no history (RabbitMQ), {@code memory}
   * serves, and {@link #create} says at start what it cannot promise.
   *
   * @throws ConfigException when the store cannot serve this deployment (a key named, exit 2)
   */
  public static Store resolve(ChatSettings chat, PubSubSettings pubSub, boolean clustered) {
    boolean shared = pubSub.adapter().equals(PubSubSettings.REDIS) || pubSub.adapter().equals(PubSubSettings.POSTGRES);
    Store store = chat.store() != Store.AUTO ? chat.store()
      : clustered ? Store.CLUSTER
      : pubSub.adapter().equals(PubSubSettings.REDIS) ? Store.REDIS
      : pubSub.adapter().equals(PubSubSettings.POSTGRES) ? Store.POSTGRES : Store.MEMORY;
    if (store == Store.MEMORY && (clustered || shared)) {
      throw new ConfigException("chat.history.store", "memory numbers rooms on this node alone, but this node shares "
        + "them with others (" + (clustered ? "-cluster" : "pubsub.adapter " + pubSub.adapter()) + "); use "
        + (clustered ? "cluster, " : "") + "redis or postgres");
    }
    if (store == Store.POSTGRES && chat.postgresUrl(pubSub).isEmpty()) {
      throw new ConfigException("chat.history.postgres.url", "the postgres store needs a "
        + "postgresql://user:password@host:port/database URL here or in pubsub.postgres.url");
    }
    if (store == Store.CLUSTER && !clustered) {
      throw new ConfigException("chat.history.store", "cluster needs a clustered node (start it with -cluster); "
        + "use memory, redis or postgres");
    }
    return store;
  }

  /** Builds the store {@link #resolve} picks for this node. Call from the chat's context. */
  public static RoomLog create(Vertx vertx, ChatSettings chat, PubSubSettings pubSub) {
    boolean clustered = ((VertxInternal) vertx).clusterManager() != null;
    return switch (resolve(chat, pubSub, clustered)) {
      case MEMORY -> {
        if (pubSub.throughAServer()) {
          log.warn("chat history: memory, with rooms shared through {}: each node numbers and keeps only what is said "
            + "through it (pages on other nodes see the messages, not the same history); chat.history.store redis or "
            + "postgres gives one history", pubSub.adapter());
        }
        yield new MemoryRoomLog(chat.limit());
      }
      case CLUSTER -> new ClusterRoomLog(hazelcast(vertx), vertx.getOrCreateContext(), chat.limit());
      case REDIS -> new RedisRoomLog(vertx, pubSub.redisUrl(), chat.limit());
      case POSTGRES -> new PostgresRoomLog(vertx, chat.postgresUrl(pubSub), chat.retentionDays());
      case AUTO -> throw new IllegalStateException("resolve never answers auto");
    };
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
  }
}
