package multinode.chat.history;

import io.vertx.core.json.JsonObject;
import multinode.config.ChatSettings;
import multinode.config.ChatSettings.Store;
import multinode.config.ConfigException;
import multinode.config.ConfigLoader;
import multinode.config.NodeConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which store a node uses, and which deployments cannot have the store they name. */
class RoomLogsTest {

  private static NodeConfig config(String store, String adapter) {
    return ConfigLoader.load(Map.of("MULTINODE_CHAT_HISTORY_STORE", store, "MULTINODE_PUBSUB_ADAPTER", adapter,
      "MULTINODE_CHAT_HISTORY_POSTGRES_URL", "postgresql://chat@db:5432/chat",
      "MULTINODE_PUBSUB_POSTGRES_URL", "postgresql://pubsub@db:5432/pubsub"), null, new JsonObject());
  }

  private static Store resolve(String store, String adapter, boolean clustered) {
    NodeConfig config = config(store, adapter);
    return RoomLogs.resolve(config.chat(), config.pubSub(), clustered);
  }

  @Test
  void autoIsTheClusterWhenClusteredRedisWhenRoomsAreSharedThroughRedisAndMemoryOtherwise() {
    assertThat(resolve("auto", "eventbus", true)).isEqualTo(Store.CLUSTER);
    assertThat(resolve("auto", "redis", true)).isEqualTo(Store.CLUSTER);
    assertThat(resolve("auto", "redis", false)).isEqualTo(Store.REDIS);
    assertThat(resolve("auto", "eventbus", false)).isEqualTo(Store.MEMORY);
    assertThat(resolve("auto", "postgres", true)).isEqualTo(Store.CLUSTER);
    assertThat(resolve("auto", "postgres", false)).isEqualTo(Store.POSTGRES);
    // a broker that keeps nothing: each node's own memory, which the node says at start
    assertThat(resolve("auto", "rabbitmq", false)).isEqualTo(Store.MEMORY);
    assertThat(resolve("auto", "mqtt", false)).isEqualTo(Store.MEMORY);
  }

  @Test
  void thePostgresStoreUsesTheAdaptersDatabaseWhenItHasNoneOfItsOwn() {
    NodeConfig own = config("postgres", "postgres");
    NodeConfig shared = ConfigLoader.load(Map.of("MULTINODE_PUBSUB_ADAPTER", "postgres",
      "MULTINODE_PUBSUB_POSTGRES_URL", "postgresql://pubsub@db:5432/pubsub"), null, new JsonObject());

    assertThat(own.chat().postgresUrl(own.pubSub())).isEqualTo("postgresql://chat@db:5432/chat");
    assertThat(shared.chat().postgresUrl(shared.pubSub())).isEqualTo("postgresql://pubsub@db:5432/pubsub");
    NodeConfig neither = ConfigLoader.load(Map.of("MULTINODE_CHAT_HISTORY_STORE", "postgres"), null, new JsonObject());
    assertThatThrownBy(() -> RoomLogs.resolve(neither.chat(), neither.pubSub(), false)).isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("chat.history.postgres.url: the postgres store needs a");
  }

  @Test
  void aNamedSharedStoreServesAnyDeployment() {
    for (boolean clustered : new boolean[] {true, false}) {
      for (String adapter : new String[] {"eventbus", "redis", "postgres"}) {
        assertThat(resolve("postgres", adapter, clustered)).isEqualTo(Store.POSTGRES);
        assertThat(resolve("redis", adapter, clustered)).isEqualTo(Store.REDIS);
      }
    }
  }

  @Test
  void noDeploymentLetsTwoNodesNumberARoomEachOnTheirOwn() {
    assertThatThrownBy(() -> resolve("memory", "eventbus", true)).isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("chat.history.store: memory numbers rooms on this node alone").hasMessageContaining("-cluster");
    assertThatThrownBy(() -> resolve("memory", "redis", false)).isInstanceOf(ConfigException.class)
      .hasMessageContaining("pubsub.adapter redis");
    assertThatThrownBy(() -> resolve("memory", "postgres", false)).isInstanceOf(ConfigException.class)
      .hasMessageContaining("pubsub.adapter postgres");
    assertThatThrownBy(() -> resolve("cluster", "eventbus", false)).isInstanceOf(ConfigException.class)
      .hasMessage("chat.history.store: cluster needs a clustered node (start it with -cluster); use memory, redis or postgres");
  }

  @Test
  void theDefaultsKeepAThousandMessagesAndPostgresForEver() {
    ChatSettings chat = ConfigLoader.load(Map.of(), null, new JsonObject()).chat();

    assertThat(chat.store()).isEqualTo(Store.AUTO);
    assertThat(chat.limit()).isEqualTo(1000);
    assertThat(chat.postgresUrl()).isEmpty();
    assertThat(chat.retentionDays()).isZero();
  }
}
