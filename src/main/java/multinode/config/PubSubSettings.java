package multinode.config;

import java.util.List;

/**
 * How pubsub messages travel between nodes.
 *
 * @param adapter {@code eventbus} (the clustered event bus), or for nodes that cannot cluster {@code redis}
 *   (a Redis server), {@code postgres} (PostgreSQL's LISTEN/NOTIFY), {@code rabbitmq} (a RabbitMQ broker) or
 *   {@code mqtt} (an MQTT broker)
 * @param redisUrl the Redis server, for the {@code redis} adapter
 * @param postgresUrl the PostgreSQL server, for the {@code postgres} adapter; empty otherwise
 * @param rabbitmqUrl the RabbitMQ broker, for the {@code rabbitmq} adapter
 * @param mqttUrl the MQTT broker, for the {@code mqtt} adapter
 * @param mqttQos the QoS the {@code mqtt} adapter publishes and subscribes with: 0, 1 or 2
 */
public record PubSubSettings(String adapter, String redisUrl, String postgresUrl, String rabbitmqUrl, String mqttUrl,
                             int mqttQos) {

  /** The adapters there are. */
  public static final String EVENTBUS = "eventbus";
  public static final String REDIS = "redis";
  public static final String POSTGRES = "postgres";
  public static final String RABBITMQ = "rabbitmq";
  public static final String MQTT = "mqtt";
  private static final List<String> ADAPTERS = List.of(EVENTBUS, REDIS, POSTGRES, RABBITMQ, MQTT);

  /** Whether nodes share topics through a server rather than the cluster. */
  public boolean throughAServer() {
    return !adapter.equals(EVENTBUS);
  }

  static PubSubSettings read(ConfigReader in) {
    String adapter = in.string("pubsub.adapter");
    if (!ADAPTERS.contains(adapter)) {
      throw new ConfigException("pubsub.adapter", "unknown adapter \"" + adapter + "\"; accepted: " + String.join(", ", ADAPTERS));
    }
    String url = in.string("pubsub.redis.url");
    if (!url.matches("rediss?://\\S+")) {
      throw new ConfigException("pubsub.redis.url", "must be a redis:// or rediss:// URL, got \"" + url + "\"");
    }
    String postgresUrl = in.string("pubsub.postgres.url");
    if (adapter.equals(POSTGRES) || !postgresUrl.isEmpty()) {
      ChatSettings.checkPostgresUrl("pubsub.postgres.url", postgresUrl);
    }
    String rabbitmqUrl = in.string("pubsub.rabbitmq.url");
    if (!rabbitmqUrl.matches("amqps?://\\S+")) {
      throw new ConfigException("pubsub.rabbitmq.url", "must be an amqp:// or amqps:// URL, got \"" + rabbitmqUrl + "\"");
    }
    String mqttUrl = in.string("pubsub.mqtt.url");
    if (!mqttUrl.matches("mqtt://[^/:\\s]+(:\\d+)?/?")) {
      throw new ConfigException("pubsub.mqtt.url", "must be an mqtt://host:port URL, got \"" + mqttUrl + "\"");
    }
    return new PubSubSettings(adapter, url, postgresUrl, rabbitmqUrl, mqttUrl, in.integer("pubsub.mqtt.qos", 0, 2));
  }
}
