package multinode.config;

/**
 * Every configuration key that an environment variable can set, with that variable's name.
 * <p>
 * Defaults live in {@code conf/multinode.json} (shipped inside the jar); this enum only maps keys to
 * environment variables. The table in docs/configuration.md lists the same rows (a test checks it).
 */
public enum Setting {
  NODE_NAME("node.name", "MULTINODE_NODE_NAME"),
  COOKIE("node.cookie", "MULTINODE_COOKIE"),
  EVENT_LOOPS("node.eventLoops", "MULTINODE_EVENT_LOOPS"),
  DISCOVERY("cluster.discovery", "MULTINODE_DISCOVERY"),
  MEMBERS("cluster.members", "MULTINODE_MEMBERS"),
  CLUSTER_HOST("cluster.host", "MULTINODE_CLUSTER_HOST"),
  HAZELCAST_PORT("cluster.hazelcastPort", "MULTINODE_HAZELCAST_PORT"),
  EVENT_BUS_PORT("cluster.eventBusPort", "MULTINODE_EVENT_BUS_PORT"),
  MULTICAST_GROUP("cluster.multicast.group", "MULTINODE_MULTICAST_GROUP"),
  MULTICAST_PORT("cluster.multicast.port", "MULTINODE_MULTICAST_PORT"),
  KUBERNETES_SERVICE_DNS("cluster.kubernetes.serviceDns", "MULTINODE_KUBERNETES_SERVICE_DNS"),
  KUBERNETES_NAMESPACE("cluster.kubernetes.namespace", "MULTINODE_KUBERNETES_NAMESPACE"),
  HEARTBEAT_SECONDS("cluster.heartbeatSeconds", "MULTINODE_HEARTBEAT_SECONDS"),
  FAILURE_TIMEOUT_SECONDS("cluster.failureTimeoutSeconds", "MULTINODE_FAILURE_TIMEOUT_SECONDS"),
  PARTITIONS("cluster.partitions", "MULTINODE_PARTITIONS"),
  CLUSTER_TLS_KEY("cluster.tls.keyPath", "MULTINODE_CLUSTER_TLS_KEY"),
  CLUSTER_TLS_CERT("cluster.tls.certPath", "MULTINODE_CLUSTER_TLS_CERT"),
  CLUSTER_TLS_CA("cluster.tls.caPath", "MULTINODE_CLUSTER_TLS_CA"),
  HTTP_HOST("http.host", "MULTINODE_HTTP_HOST"),
  HTTP_PORT("http.port", "MULTINODE_HTTP_PORT"),
  HTTP_PUBLIC_URL("http.publicUrl", "MULTINODE_HTTP_PUBLIC_URL"),
  HTTP_SESSIONS_PER_ADDRESS("http.sessions.perAddress", "MULTINODE_HTTP_SESSIONS_PER_ADDRESS"),
  HTTP_SESSIONS_PER_SECOND("http.sessions.perSecond", "MULTINODE_HTTP_SESSIONS_PER_SECOND"),
  ADMIN_HOST("admin.host", "MULTINODE_ADMIN_HOST"),
  ADMIN_PORT("admin.port", "MULTINODE_ADMIN_PORT"),
  ADMIN_TOKEN("admin.token", "MULTINODE_ADMIN_TOKEN"),
  ADMIN_DASHBOARD("admin.dashboard", "MULTINODE_ADMIN_DASHBOARD"),
  PING_TIMEOUT_MS("ping.timeoutMs", "MULTINODE_PING_TIMEOUT_MS"),
  PUBSUB_ADAPTER("pubsub.adapter", "MULTINODE_PUBSUB_ADAPTER"),
  REDIS_URL("pubsub.redis.url", "MULTINODE_REDIS_URL"),
  PUBSUB_POSTGRES_URL("pubsub.postgres.url", "MULTINODE_PUBSUB_POSTGRES_URL"),
  PUBSUB_RABBITMQ_URL("pubsub.rabbitmq.url", "MULTINODE_PUBSUB_RABBITMQ_URL"),
  PUBSUB_MQTT_URL("pubsub.mqtt.url", "MULTINODE_PUBSUB_MQTT_URL"),
  PUBSUB_MQTT_QOS("pubsub.mqtt.qos", "MULTINODE_PUBSUB_MQTT_QOS"),
  CHAT_HISTORY_STORE("chat.history.store", "MULTINODE_CHAT_HISTORY_STORE"),
  CHAT_HISTORY_LIMIT("chat.history.limit", "MULTINODE_CHAT_HISTORY_LIMIT"),
  CHAT_HISTORY_POSTGRES_URL("chat.history.postgres.url", "MULTINODE_CHAT_HISTORY_POSTGRES_URL"),
  CHAT_HISTORY_RETENTION_DAYS("chat.history.postgres.retentionDays", "MULTINODE_CHAT_HISTORY_RETENTION_DAYS"),
  INVOKE_TIMEOUT_MS("invoke.timeoutMs", "MULTINODE_INVOKE_TIMEOUT_MS"),
  INVOKE_VERTICLES("invoke.verticles", "MULTINODE_INVOKE_VERTICLES"),
  INVOKE_EVAL_ENABLED("invoke.eval.enabled", "MULTINODE_INVOKE_EVAL_ENABLED"),
  INVOKE_EVAL_ALLOW_WITHOUT_TLS("invoke.eval.allowWithoutTls", "MULTINODE_INVOKE_EVAL_ALLOW_WITHOUT_TLS"),
  INVOKE_EVAL_HTTP("invoke.eval.http", "MULTINODE_INVOKE_EVAL_HTTP"),
  BRIDGE_HOST("bridge.host", "MULTINODE_BRIDGE_HOST"),
  BRIDGE_PORT("bridge.port", "MULTINODE_BRIDGE_PORT"),
  BRIDGE_MAX_FRAME_BYTES("bridge.maxFrameBytes", "MULTINODE_BRIDGE_MAX_FRAME_BYTES"),
  BRIDGE_TOPIC_PREFIXES("bridge.topicPrefixes", "MULTINODE_BRIDGE_TOPIC_PREFIXES"),
  BRIDGE_TOKEN("bridge.token", "MULTINODE_BRIDGE_TOKEN"),
  HA_ENABLED("ha.enabled", "MULTINODE_HA_ENABLED"),
  HA_GROUP("ha.group", "MULTINODE_HA_GROUP"),
  HA_QUORUM("ha.quorum", "MULTINODE_HA_QUORUM");

  private final String key;
  private final String env;

  Setting(String key, String env) {
    this.key = key;
    this.env = env;
  }

  /** The dotted key, as written in {@code conf/multinode.json}. */
  public String key() {
    return key;
  }

  /** The environment variable that overrides the key. */
  public String env() {
    return env;
  }
}
