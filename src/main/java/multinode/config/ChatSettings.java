package multinode.config;

import io.vertx.pgclient.PgConnectOptions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the chat keeps each room's history and hands out its sequence numbers.
 *
 * @param store which store ({@code chat.history.store}); {@link Store#AUTO} picks one for the deployment
 * @param limit how many messages per room the {@code memory}, {@code cluster} and {@code redis} stores keep
 * @param postgresUrl the PostgreSQL server of the {@code postgres} store, e.g.
 *   {@code postgresql://multinode:secret@db:5432/multinode}; empty for the {@code postgres} adapter's
 * @param retentionDays how long the {@code postgres} store keeps a message; 0 keeps every message
 */
public record ChatSettings(Store store, int limit, String postgresUrl, int retentionDays) {

  /** The history stores. */
  public enum Store {
    /**
     * {@code cluster} on a clustered node, {@code redis} with the Redis pubsub adapter, {@code postgres} with
     * the PostgreSQL one, else {@code memory}.
     */
    AUTO,
    /** In this node's memory: for a node that shares its rooms with nobody. */
    MEMORY,
    /** A Hazelcast map with one backup: for clustered nodes. */
    CLUSTER,
    /** The Redis server of {@code pubsub.redis.url}. */
    REDIS,
    /** PostgreSQL: durable, kept for {@code chat.history.postgres.retentionDays}. */
    POSTGRES;

    /** Its name in the configuration, e.g. {@code postgres}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static ChatSettings read(ConfigReader in) {
    String name = in.string("chat.history.store");
    Store store = Arrays.stream(Store.values()).filter(s -> s.key().equals(name)).findFirst()
      .orElseThrow(() -> new ConfigException("chat.history.store", "unknown store \"" + name + "\"; accepted: "
        + Arrays.stream(Store.values()).map(Store::key).collect(Collectors.joining(", "))));
    String url = in.string("chat.history.postgres.url");
    if (!url.isEmpty()) {
      checkPostgresUrl("chat.history.postgres.url", url);
    }
    return new ChatSettings(store, in.integer("chat.history.limit", 1, 100_000), url,
      in.integer("chat.history.postgres.retentionDays", 0, 36_500));
  }

  /** The {@code postgres} store's server: its own URL, or the {@code postgres} adapter's when it has none. */
  public String postgresUrl(PubSubSettings pubSub) {
    return postgresUrl.isEmpty() ? pubSub.postgresUrl() : postgresUrl;
  }

  static void checkPostgresUrl(String key, String url) {
    String problem = "must be a postgresql://user:password@host:port/database URL, got \"" + url + "\"";
    if (!url.matches("postgres(ql)?://\\S+")) {
      throw new ConfigException(key, problem);
    }
    try {
      PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new ConfigException(key, problem);
    }
  }
}
