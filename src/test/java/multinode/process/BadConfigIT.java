package multinode.process;

import multinode.test.NodeProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad value stops the jar before anything starts: exit code 2 and one line naming the key. */
@org.junit.jupiter.api.Tag("process")
class BadConfigIT {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "MULTINODE_DISCOVERY|smoke-signals|cluster.discovery: unknown mode \"smoke-signals\"; accepted: multicast, static, kubernetes",
    "MULTINODE_HTTP_PORT|70000|http.port: must be an integer from 0 to 65535, got \"70000\"",
    "MULTINODE_HAZELCAST_PORT|0|cluster.hazelcastPort: must be an integer from 1 to 65535, got \"0\"",
    "MULTINODE_MEMBERS|127.0.0.1:5701,:5702|cluster.members: malformed member \":5702\"; expected host[:port],…",
    "MULTINODE_BRIDGE_PORT|seven|bridge.port: must be an integer from 0 to 65535, got \"seven\"",
    "MULTINODE_COOKIE|' '|node.cookie: must not be empty (nodes with the same cookie form one cluster)",
    "MULTINODE_CHAT_HISTORY_STORE|mongodb|chat.history.store: unknown store \"mongodb\"; accepted: auto, memory, cluster, redis, postgres",
    "MULTINODE_CHAT_HISTORY_STORE|postgres|chat.history.postgres.url: the postgres store needs a postgresql://user:password@host:port/database URL here or in pubsub.postgres.url",
    "MULTINODE_PUBSUB_ADAPTER|postgres|pubsub.postgres.url: must be a postgresql://user:password@host:port/database URL, got \"\"",
    "MULTINODE_PUBSUB_RABBITMQ_URL|rabbit:5672|pubsub.rabbitmq.url: must be an amqp:// or amqps:// URL, got \"rabbit:5672\"",
    "MULTINODE_PUBSUB_MQTT_URL|tcp://broker:1883|pubsub.mqtt.url: must be an mqtt://host:port URL, got \"tcp://broker:1883\"",
    "MULTINODE_PUBSUB_MQTT_QOS|3|pubsub.mqtt.qos: must be an integer from 0 to 2, got \"3\"",
    "MULTINODE_PUBSUB_POSTGRES_URL|mysql://db/chat|pubsub.postgres.url: must be a postgresql://user:password@host:port/database URL, got \"mysql://db/chat\"",
    "MULTINODE_CHAT_HISTORY_POSTGRES_URL|mysql://db/chat|chat.history.postgres.url: must be a postgresql://user:password@host:port/database URL, got \"mysql://db/chat\"",
    "MULTINODE_CHAT_HISTORY_STORE|memory|chat.history.store: memory numbers rooms on this node alone, but this node shares them with others (-cluster); use cluster, redis or postgres",
    "MULTINODE_CHAT_HISTORY_LIMIT|0|chat.history.limit: must be an integer from 1 to 100000, got \"0\"",
    "MULTINODE_ADMIN_HOST|0.0.0.0|admin.token: must be set when admin.host is not a loopback address (admin.host is 0.0.0.0): the operator API runs tasks and posts notices on every node",
    "MULTINODE_ADMIN_TOKEN|secret|admin.token: must be at least 16 characters (e.g. openssl rand -hex 24)",
    "MULTINODE_INVOKE_EVAL_ENABLED|true|invoke.eval.enabled: needs the event bus over mutual TLS (cluster.tls.keyPath, certPath, caPath), or invoke.eval.allowWithoutTls on a private network: any node with the cookie runs any code here",
    "MULTINODE_BRIDGE_HOST|0.0.0.0|bridge.token: must be set when bridge.host is not a loopback address (bridge.host is 0.0.0.0): a bridge client posts into rooms and publishes to topics (bridge.host cluster, the cluster's own network, needs none)",
    "MULTINODE_BRIDGE_TOPIC_PREFIXES|events.,multinode.chat.|bridge.topicPrefixes: \"multinode.chat.\" reaches the capabilities' own topics (multinode.*), which only they may publish to",
    "MULTINODE_HTTP_SESSIONS_PER_ADDRESS|-1|http.sessions.perAddress: must be an integer from 0 to 1000000, got \"-1\"",
  })
  void aBadValueExitsTwoWithOneLineNamingTheKey(String variable, String value, String message) {
    try (NodeProcess node = launch(Map.of(variable, value))) {
      assertThat(node.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(node.lines()).containsExactly("multinode: invalid configuration: " + message);
    }
  }

  @ParameterizedTest(name = "-conf {0}")
  @CsvSource(delimiter = '|', value = {
    "{\"http\":{\"prot\":4001}}|http.prot: unknown key (see conf/multinode.json for every key)",
    "missing.json|-conf: cannot read file \"missing.json\" (give a JSON file or an inline JSON object)",
  })
  void aBadConfArgumentExitsTwo(String conf, String message) {
    try (NodeProcess node = launch(Map.of(), "-conf", conf)) {
      assertThat(node.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(node.lines()).containsExactly("multinode: invalid configuration: " + message);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "--bogus|unknown flag --bogus; --help lists the flags",
    "-clustr|unknown flag -clustr (did you mean -cluster?); --help lists the flags",
    "--evl|unknown flag --evl (did you mean --eval?); --help lists the flags",
    "-conf|-conf needs a value; --help lists the flags",
  })
  void anUnknownFlagExitsTwoWithOneLineNamingIt(String flag, String message) {
    try (NodeProcess node = launch(Map.of(), flag)) {
      assertThat(node.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(node.lines()).containsExactly("multinode: " + message);
    }
  }

  @org.junit.jupiter.api.Test
  void aTakenHttpPortExitsFifteenWithOneLineNamingTheKeyTheAddressAndTheVariable() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      try (NodeProcess node = NodeProcess.start("taken port", Map.of("MULTINODE_DISCOVERY", "static", "MULTINODE_MEMBERS", "127.0.0.1:1", "MULTINODE_HTTP_HOST", "127.0.0.1",
        "MULTINODE_HTTP_PORT", String.valueOf(port), "MULTINODE_ADMIN_PORT", "0", "MULTINODE_BRIDGE_PORT", "0"))) {
        assertThat(node.awaitExit(Duration.ofSeconds(60))).isEqualTo(15);
        assertThat(node.lines()).containsExactly("multinode: could not start the node: the HTTP server cannot listen on 127.0.0.1:"
          + port + " (http.port; pick another with MULTINODE_HTTP_PORT): Address already in use");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aTakenOperatorPortExitsFifteenWithOneLineNamingItsKey() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      try (NodeProcess node = NodeProcess.start("taken admin port", Map.of("MULTINODE_DISCOVERY", "static", "MULTINODE_MEMBERS", "127.0.0.1:1",
        "MULTINODE_HTTP_HOST", "127.0.0.1", "MULTINODE_HTTP_PORT", "0", "MULTINODE_ADMIN_PORT", String.valueOf(port),
        "MULTINODE_BRIDGE_PORT", "0"))) {
        assertThat(node.awaitExit(Duration.ofSeconds(60))).isEqualTo(15);
        assertThat(node.lines()).containsExactly("multinode: could not start the node: the operator API cannot listen on 127.0.0.1:"
          + port + " (admin.port; pick another with MULTINODE_ADMIN_PORT): Address already in use");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void helpShowsMultinodesOwnFlagsAndWhereTheKeysAre() {
    try (NodeProcess node = NodeProcess.startIsolated("help", Map.of(), "--help")) {
      assertThat(node.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(node.lines().get(0)).isEqualTo("usage: java -jar multinode.jar [-cluster] [flags]");
      assertThat(String.join("\n", node.lines())).contains("--console", "--eval", "-conf", "-cluster-host",
        "MULTINODE_NODE_NAME", "docs/configuration.md").doesNotContain("VertxApplication", "\u001b[");
    }
  }

  /** Runs the jar with {@code -cluster} where it can reach no network, should the check ever let it start. */
  private static NodeProcess launch(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "-cluster";
    System.arraycopy(args, 0, all, 1, args.length);
    return NodeProcess.startIsolated("bad config", env, all);
  }
}
