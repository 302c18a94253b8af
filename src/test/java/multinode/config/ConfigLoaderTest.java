package multinode.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

  private static NodeConfig load(Map<String, String> env) {
    return ConfigLoader.load(env, null, new JsonObject());
  }

  @Test
  void defaultsComeFromConfMultinodeJson() {
    NodeConfig config = load(Map.of());

    assertThat(config.cluster().discovery()).isEqualTo(Discovery.MULTICAST);
    assertThat(config.http().port()).isEqualTo(4000);
    assertThat(config.cookie()).isEqualTo("multinode");
    assertThat(config.cluster().failureTimeoutSeconds()).isEqualTo(4);
    assertThat(config.cluster().partitions()).isEqualTo(31);
    assertThat(config.name()).matches("multinode@\\d+\\.\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void everySettingNamesAKeyOfTheDefaultsFile() {
    JsonObject defaults = ConfigLoader.defaults();
    for (Setting setting : Setting.values()) {
      assertThat(new ConfigReader(defaults).raw(setting.key())).as(setting.key()).isNotNull();
    }
  }

  @Test
  void environmentOverridesTheFileAndConfOverridesTheEnvironment() {
    Map<String, String> env = Map.of("MULTINODE_HTTP_PORT", "4001", "MULTINODE_DISCOVERY", "static",
      "MULTINODE_MEMBERS", "127.0.0.1:5701, 127.0.0.1:5702", "MULTINODE_NODE_NAME", "a@h");

    NodeConfig fromEnv = load(env);
    NodeConfig fromConf = ConfigLoader.load(env, "{\"http\":{\"port\":4002}}", new JsonObject());
    NodeConfig fromFlags = ConfigLoader.load(env, "{\"http\":{\"port\":4002}}",
      new JsonObject().put("http", new JsonObject().put("port", 4003)));

    assertThat(fromEnv.http().port()).isEqualTo(4001);
    assertThat(fromEnv.cluster().members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(fromEnv.name()).isEqualTo("a@h");
    assertThat(fromConf.http().port()).isEqualTo(4002);
    assertThat(fromFlags.http().port()).isEqualTo(4003);
  }

  @Test
  void confIsReadFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("node2.json");
    Files.writeString(file, "{\"http\":{\"port\":4001},\"cluster\":{\"members\":[\"a\",\"b:5702\"]}}");

    NodeConfig config = ConfigLoader.load(Map.of(), file.toString(), new JsonObject());

    assertThat(config.http().port()).isEqualTo(4001);
    assertThat(config.cluster().members()).containsExactly("a", "b:5702");
  }

  @Test
  void aNodeOffTheDefaultPortGetsADistinctDefaultName() {
    NodeConfig config = load(Map.of("MULTINODE_HTTP_PORT", "4001", "MULTINODE_CLUSTER_HOST", "127.0.0.1"));

    assertThat(config.name()).isEqualTo("multinode-4001@127.0.0.1");
  }

  @Test
  void theBridgePortFollowsTheHttpPortUnlessSetAndZeroTurnsItOff() {
    assertThat(load(Map.of()).bridge().port()).isEqualTo(7000);
    assertThat(load(Map.of("MULTINODE_HTTP_PORT", "4001")).bridge().port()).isEqualTo(7001);
    assertThat(load(Map.of("MULTINODE_HTTP_PORT", "4001", "MULTINODE_BRIDGE_PORT", "7100")).bridge().port()).isEqualTo(7100);
    assertThat(load(Map.of("MULTINODE_BRIDGE_PORT", "0")).bridge().enabled()).isFalse();
    assertThat(load(Map.of()).bridge().host()).as("loopback, whatever http.host is").isEqualTo("127.0.0.1");
    assertThat(load(Map.of()).bridge().tokenRequired()).isFalse();
    assertThat(load(Map.of()).bridge().topicPrefixes()).containsExactly("events.");
  }

  @Test
  void theOperatorApiListensOnLoopbackBesideTheHttpPortUnlessSet() throws Exception {
    assertThat(load(Map.of()).admin()).isEqualTo(new AdminSettings("127.0.0.1", 5000, "", true));
    assertThat(load(Map.of("MULTINODE_HTTP_PORT", "4001")).admin().port()).isEqualTo(5001);
    assertThat(load(Map.of("MULTINODE_ADMIN_PORT", "9100")).admin().port()).isEqualTo(9100);
    NodeConfig any = load(Map.of("MULTINODE_HTTP_PORT", "0", "MULTINODE_HTTP_HOST", "127.0.0.1"));
    assertThat(any.admin().port()).isPositive().isNotEqualTo(any.http().port());
    try (ServerSocket free = new ServerSocket(any.admin().port(), 50, InetAddress.getByName("127.0.0.1"))) {
      assertThat(free.getLocalPort()).isEqualTo(any.admin().port());
    }
    assertThat(load(Map.of("MULTINODE_ADMIN_HOST", "0.0.0.0", "MULTINODE_ADMIN_TOKEN", "0123456789abcdef")).admin()
      .tokenRequired()).isTrue();
  }

  @Test
  void aListenerOffLoopbackWithoutItsTokenIsRefusedByTheTokensKey() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_ADMIN_HOST", "10.1.2.3")))
      .hasMessage("admin.token: must be set when admin.host is not a loopback address (admin.host is 10.1.2.3): "
        + "the operator API runs tasks and posts notices on every node");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_BRIDGE_HOST", "0.0.0.0")))
      .hasMessage("bridge.token: must be set when bridge.host is not a loopback address (bridge.host is 0.0.0.0): "
        + "a bridge client posts into rooms and publishes to topics (bridge.host cluster, the cluster's own network, needs none)");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_BRIDGE_TOKEN", "short")))
      .hasMessage("bridge.token: must be at least 16 characters (e.g. openssl rand -hex 24)");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_ADMIN_PORT", "4000")))
      .hasMessage("admin.port: must differ from http.port (4000): the operator API has a listener of its own");
    assertThat(load(Map.of("MULTINODE_BRIDGE_HOST", "0.0.0.0", "MULTINODE_BRIDGE_PORT", "0")).bridge().enabled())
      .as("a bridge that is off needs no token").isFalse();
  }

  @Test
  void aBridgeOnTheClustersInterfaceNeedsNoTokenAndListensWhereTheEventBusDoes() {
    BridgeSettings bridge = load(Map.of("MULTINODE_BRIDGE_HOST", "cluster")).bridge();
    assertThat(bridge.tokenRequired()).isFalse();
    assertThat(bridge.on("172.18.0.2").host()).isEqualTo("172.18.0.2");
    assertThat(bridge.on(null).host()).as("a node running alone has no cluster network").isEqualTo("127.0.0.1");
    assertThat(load(Map.of()).bridge().on("172.18.0.2").host()).as("any other host stays").isEqualTo("127.0.0.1");
  }

  @Test
  void noTopicPrefixMayReachTheCapabilitiesOwnTopics() {
    for (String prefix : new String[] {"m", "multinode", "multinode.", "multinode.chat.room."}) {
      assertThatThrownBy(() -> load(Map.of("MULTINODE_BRIDGE_TOPIC_PREFIXES", "events.," + prefix)))
        .as(prefix).hasMessageStartingWith("bridge.topicPrefixes: ");
    }
    assertThat(load(Map.of("MULTINODE_BRIDGE_TOPIC_PREFIXES", "events.,multinodes.")).bridge().topicPrefixes())
      .containsExactly("events.", "multinodes.");
  }

  @Test
  void httpPortZeroIsAFreePortChosenAtOnceAndTheNameFollowsIt() throws Exception {
    NodeConfig config = load(Map.of("MULTINODE_HTTP_PORT", "0", "MULTINODE_HTTP_HOST", "127.0.0.1", "MULTINODE_CLUSTER_HOST", "127.0.0.1"));

    assertThat(config.http().port()).isPositive();
    assertThat(config.http().anyPort()).isTrue();
    assertThat(config.name()).isEqualTo("multinode-" + config.http().port() + "@127.0.0.1");
    assertThat(config.bridge().enabled()).as("no fixed neighbour for the bridge").isFalse();
    try (ServerSocket free = new ServerSocket(config.http().port(), 50, InetAddress.getByName("127.0.0.1"))) {
      assertThat(free.getLocalPort()).isEqualTo(config.http().port());
    }
  }

  @Test
  void aConsoleKeepsAPortItIsGivenEvenWhenTaken() throws Exception {
    try (ServerSocket node = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      JsonObject taken = new JsonObject().put("http", new JsonObject().put("host", "127.0.0.1"));
      String conf = taken.copy().put("http", taken.getJsonObject("http").copy().put("port", node.getLocalPort())).encode();

      // named in the file or the environment: kept, and the node says at start that it is taken (NothingSetIT
      // starts a console beside a node on the default port, which it leaves for a free one)
      assertThat(ConfigLoader.loadForConsole(Map.of(), conf, new JsonObject()).http().port()).isEqualTo(node.getLocalPort());
      assertThat(ConfigLoader.loadForConsole(Map.of("MULTINODE_HTTP_PORT", String.valueOf(node.getLocalPort())), taken.encode(),
        new JsonObject()).http().port()).isEqualTo(node.getLocalPort());
    }
  }

  @Test
  void badBridgeValuesAreRefusedByName() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_HTTP_PORT", "63000")))
      .hasMessage("bridge.port: must be set when http.port is above 62535 (its default is http.port + 3000)");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_BRIDGE_PORT", "-1")))
      .hasMessage("bridge.port: must be an integer from 0 to 65535, got \"-1\"");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_BRIDGE_MAX_FRAME_BYTES", "10")))
      .hasMessage("bridge.maxFrameBytes: must be an integer from 1024 to 16777216, got \"10\"");
  }

  @Test
  void clusterTlsIsOffByDefaultAndNeedsAllThreeReadableFiles(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("node.pem"), "x");
    assertThat(load(Map.of()).cluster().tls().enabled()).isFalse();
    assertThat(load(Map.of("MULTINODE_CLUSTER_TLS_KEY", file.toString(), "MULTINODE_CLUSTER_TLS_CERT", file.toString(),
      "MULTINODE_CLUSTER_TLS_CA", file.toString())).cluster().tls().enabled()).isTrue();
    assertThatThrownBy(() -> load(Map.of("MULTINODE_CLUSTER_TLS_KEY", file.toString())))
      .hasMessage("cluster.tls.certPath: required when any cluster.tls path is set (keyPath, certPath, caPath)");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_CLUSTER_TLS_KEY", file.toString(), "MULTINODE_CLUSTER_TLS_CERT",
      file.toString(), "MULTINODE_CLUSTER_TLS_CA", "/nonexistent/ca.pem")))
      .hasMessage("cluster.tls.caPath: no readable file at \"/nonexistent/ca.pem\"");
    assertThat(load(Map.of("MULTINODE_EVENT_BUS_PORT", "5801")).cluster().eventBusPort()).isEqualTo(5801);
  }

  @Test
  void haIsOnByDefaultAndItsKeysAreChecked() {
    assertThat(load(Map.of()).ha()).isEqualTo(new HaSettings(true, "multinode", 1));
    assertThat(load(Map.of("MULTINODE_HA_ENABLED", "false", "MULTINODE_HA_GROUP", "edge", "MULTINODE_HA_QUORUM", "2")).ha())
      .isEqualTo(new HaSettings(false, "edge", 2));
    assertThatThrownBy(() -> load(Map.of("MULTINODE_HA_ENABLED", "yes")))
      .hasMessage("ha.enabled: must be true or false, got \"yes\"");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_HA_QUORUM", "0")))
      .hasMessage("ha.quorum: must be an integer from 1 to 1024, got \"0\"");
  }

  @Test
  void theCookieDecidesTheClusterName() {
    String monster = load(Map.of("MULTINODE_COOKIE", "monster")).clusterName();

    assertThat(monster).isEqualTo(load(Map.of("MULTINODE_COOKIE", "monster")).clusterName());
    assertThat(monster).isNotEqualTo(load(Map.of("MULTINODE_COOKIE", "cake")).clusterName());
    assertThat(monster).startsWith("multinode-").doesNotContain("monster");
  }

  @Test
  void unknownDiscoveryModeIsRefusedByName() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_DISCOVERY", "carrier-pigeon")))
      .isInstanceOf(ConfigException.class)
      .hasMessage("cluster.discovery: unknown mode \"carrier-pigeon\"; accepted: multicast, static, kubernetes");
  }

  @Test
  void portOutOfRangeIsRefusedByName() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_HTTP_PORT", "70000")))
      .hasMessage("http.port: must be an integer from 0 to 65535, got \"70000\"");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_HAZELCAST_PORT", "port")))
      .hasMessage("cluster.hazelcastPort: must be an integer from 1 to 65535, got \"port\"");
  }

  @Test
  void malformedMemberListIsRefusedByName() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_DISCOVERY", "static", "MULTINODE_MEMBERS", "127.0.0.1:5701,a:b:c")))
      .hasMessage("cluster.members: malformed member \"a:b:c\"; expected host[:port],…");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_MEMBERS", "127.0.0.1:99999")))
      .hasMessage("cluster.members: malformed member \"127.0.0.1:99999\"; expected host[:port],…");
  }

  @Test
  void staticDiscoveryNeedsMembers() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_DISCOVERY", "static")))
      .hasMessage("cluster.members: required when cluster.discovery is static; expected host[:port],…");
  }

  @Test
  void emptyCookieIsRefused() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_COOKIE", " ")))
      .hasMessage("node.cookie: must not be empty (nodes with the same cookie form one cluster)");
  }

  @Test
  void unknownKeysAndBadConfArgumentsAreRefused() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), "{\"http\":{\"prot\":1}}", new JsonObject()))
      .hasMessage("http.prot: unknown key (see conf/multinode.json for every key)");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), "{\"http\":", new JsonObject()))
      .hasMessageStartingWith("-conf: inline JSON is not a JSON object");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), "no/such/file.json", new JsonObject()))
      .hasMessage("-conf: cannot read file \"no/such/file.json\" (give a JSON file or an inline JSON object)");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), "{\"http\":4}", new JsonObject()))
      .hasMessage("http: must be an object, got 4");
  }

  @Test
  void pubsubAdapterAndRedisUrlAreChecked() {
    assertThat(load(Map.of("MULTINODE_PUBSUB_ADAPTER", "redis", "MULTINODE_REDIS_URL", "redis://cache:6380")).pubSub())
      .isEqualTo(new PubSubSettings("redis", "redis://cache:6380", "", "amqp://guest:guest@127.0.0.1:5672",
        "mqtt://127.0.0.1:1883", 1));
    assertThatThrownBy(() -> load(Map.of("MULTINODE_PUBSUB_ADAPTER", "carrier-pigeon")))
      .hasMessage("pubsub.adapter: unknown adapter \"carrier-pigeon\"; accepted: eventbus, redis, postgres, rabbitmq, mqtt");
    assertThat(load(Map.of("MULTINODE_PUBSUB_ADAPTER", "postgres", "MULTINODE_PUBSUB_POSTGRES_URL", "postgresql://db/multinode"))
      .pubSub().postgresUrl()).isEqualTo("postgresql://db/multinode");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_PUBSUB_ADAPTER", "postgres")))
      .hasMessage("pubsub.postgres.url: must be a postgresql://user:password@host:port/database URL, got \"\"");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_REDIS_URL", "localhost:6379")))
      .hasMessage("pubsub.redis.url: must be a redis:// or rediss:// URL, got \"localhost:6379\"");
  }

  @Test
  void evalIsOffAndOnlyOverMutualTlsOrOnANetworkDeclaredPrivate() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_INVOKE_EVAL_ENABLED", "true")))
      .hasMessage("invoke.eval.enabled: needs the event bus over mutual TLS (cluster.tls.keyPath, certPath, caPath), "
        + "or invoke.eval.allowWithoutTls on a private network: any node with the cookie runs any code here");
    assertThat(load(Map.of("MULTINODE_INVOKE_EVAL_ENABLED", "true", "MULTINODE_INVOKE_EVAL_ALLOW_WITHOUT_TLS", "true"))
      .invoke().eval()).isEqualTo(new EvalSettings(true, true, false));
    assertThatThrownBy(() -> load(Map.of("MULTINODE_INVOKE_EVAL_HTTP", "maybe")))
      .hasMessageStartingWith("invoke.eval.http: ");
    NodeConfig loopback = load(Map.of());
    assertThat(loopback.invoke().eval().overHttp(loopback.admin())).as("the operator API on loopback").isTrue();
  }

  @Test
  void invokeVerticlesMustBeVerticleClasses() {
    assertThat(load(Map.of()).invoke()).isEqualTo(new InvokeSettings(5000, List.of("multinode.invoke.demo.EchoVerticle"),
      new EvalSettings(false, false, false)));
    assertThatThrownBy(() -> load(Map.of("MULTINODE_INVOKE_VERTICLES", "com.example.Missing")))
      .hasMessage("invoke.verticles: no class named \"com.example.Missing\" on the classpath");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_INVOKE_VERTICLES", "java.lang.Thread")))
      .hasMessage("invoke.verticles: \"java.lang.Thread\" is not a verticle");
    assertThatThrownBy(() -> load(Map.of("MULTINODE_INVOKE_TIMEOUT_MS", "0")))
      .hasMessageStartingWith("invoke.timeoutMs: must be an integer from 1 to 3600000");
  }

  @Test
  void failureTimeoutMustExceedTheHeartbeat() {
    assertThatThrownBy(() -> load(Map.of("MULTINODE_HEARTBEAT_SECONDS", "5", "MULTINODE_FAILURE_TIMEOUT_SECONDS", "5")))
      .hasMessage("cluster.failureTimeoutSeconds: must be greater than cluster.heartbeatSeconds (5), got 5");
  }

  @Test
  void membersMayBeAJsonList() {
    JsonObject flags = new JsonObject().put("cluster", new JsonObject()
      .put("discovery", "static").put("members", new JsonArray(List.of("node1", "node2:5702"))));

    assertThat(ConfigLoader.load(Map.of(), null, flags).cluster().members()).containsExactly("node1", "node2:5702");
  }
}
