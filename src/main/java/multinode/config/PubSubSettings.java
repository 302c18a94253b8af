package multinode.config;

/**
 * How pubsub messages travel between nodes.
 *
 * @param adapter {@code eventbus} (the clustered event bus) or {@code redis} (a Redis server, for nodes
 *   that cannot cluster)
 * @param redisUrl the Redis server, for the {@code redis} adapter
 */
public record PubSubSettings(String adapter, String redisUrl) {

  /** The adapters there are. */
  public static final String EVENTBUS = "eventbus";
  public static final String REDIS = "redis";

  static PubSubSettings read(ConfigReader in) {
    String adapter = in.string("pubsub.adapter");
    if (!adapter.equals(EVENTBUS) && !adapter.equals(REDIS)) {
      throw new ConfigException("pubsub.adapter", "unknown adapter \"" + adapter + "\"; accepted: eventbus, redis");
    }
    String url = in.string("pubsub.redis.url");
    if (!url.matches("rediss?://\\S+")) {
      throw new ConfigException("pubsub.redis.url", "must be a redis:// or rediss:// URL, got \"" + url + "\"");
    }
    return new PubSubSettings(adapter, url);
  }
}
