package multinode.chat.history;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The {@code postgres} store's tables, created or upgraded when a node first reaches the server. The
 * version lives in {@code multinode_schema}; each upgrade runs in one transaction under an advisory
 * lock, so nodes starting together upgrade once. A database whose schema is newer than this node knows
 * is left alone and refused.
 */
final class PostgresSchema {

  /** The statements that take the schema from version i to i + 1. */
  private static final List<String> UPGRADES = List.of("""
    CREATE TABLE multinode_chat_rooms (
      room text PRIMARY KEY,
      epoch text NOT NULL,
      last_seq bigint NOT NULL
    );
    CREATE TABLE multinode_chat_messages (
      room text NOT NULL,
      seq bigint NOT NULL,
      id uuid NOT NULL UNIQUE,
      ts timestamptz NOT NULL,
      sender text NOT NULL,
      node text NOT NULL,
      body text NOT NULL,
      system boolean NOT NULL,
      PRIMARY KEY (room, seq)
    );
    CREATE INDEX multinode_chat_messages_ts ON multinode_chat_messages (ts)""");

  private static final String COMPONENT = "chat_history";
  /** Any number, the same on every node: the lock that upgrades take. */
  private static final long LOCK = 0x6d756c74696e6fL;

  private PostgresSchema() {
  }

  /** Brings the schema to this node's version; returns it. */
  static Future<Integer> upgrade(Pool pool) {
    return pool.withTransaction(connection -> connection.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
      // "already exists, skipping" is what every start but the first hears: not worth a log line
      .compose(v -> connection.query("SET LOCAL client_min_messages = warning").execute())
      .compose(v -> connection.query("CREATE TABLE IF NOT EXISTS multinode_schema (component text PRIMARY KEY, version int NOT NULL)")
        .execute())
      .compose(v -> connection.preparedQuery("SELECT version FROM multinode_schema WHERE component = $1").execute(Tuple.of(COMPONENT)))
      .compose(rows -> {
        int version = rows.size() == 0 ? 0 : rows.iterator().next().getInteger("version");
        if (version > UPGRADES.size()) {
          return Future.failedFuture(new IllegalStateException("the database's chat history schema is version " + version
            + ", newer than this node's " + UPGRADES.size() + "; upgrade multinode"));
        }
        return upgradeFrom(connection, version);
      }));
  }

  private static Future<Integer> upgradeFrom(SqlConnection connection, int version) {
    if (version == UPGRADES.size()) {
      return Future.succeededFuture(version);
    }
    return connection.query(UPGRADES.get(version)).execute()
      .compose(v -> connection.preparedQuery("INSERT INTO multinode_schema (component, version) VALUES ($1, $2) "
        + "ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version").execute(Tuple.of(COMPONENT, version + 1)))
      .compose(v -> upgradeFrom(connection, version + 1));
  }
}
