package multinode.pubsub.adapter.postgres;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Every batch a node broadcasts, kept for {@value #KEEP_MINUTES} minutes in the table {@value #TABLE}
 * and notified in the same statement: the notification carries the row's id and, when it fits NOTIFY's
 * 8,000 bytes, the batch itself. A node that lost its connection reads the rows of its channels it did not
 * see once it is back, so that a broadcast PostgreSQL acknowledged reaches it all the same, even across
 * a crash of the server (a broadcast is acknowledged once its row is committed); a batch too big to
 * notify is read from its row.
 */
final class PostgresLog {

  static final String TABLE = "multinode_pubsub_log";
  static final int KEEP_MINUTES = 5;
  static final long CLEANUP_MS = 60_000;
  /** What one notification may carry besides the batch (its id and sender), within NOTIFY's 8,000 bytes. */
  static final int MAX_INLINE_BYTES = 7_600;
  /** A 64-bit number of the project's own, so that two nodes starting together create the table once. */
  private static final long CREATE_LOCK = 0x6d6e707562737562L;

  /** One kept batch: its row id, the node that sent it, and the batch (null until read, for a big one). */
  record Entry(long id, String sender, JsonObject batch) {
  }

  private final SqlClient client;

  PostgresLog(SqlClient client) {
    this.client = client;
  }

  /** Creates the table if it is not there; safe when several nodes start at once. */
  Future<Void> create() {
    return client.query("DO $$ BEGIN PERFORM pg_advisory_xact_lock(" + CREATE_LOCK + "); "
      + "CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, channel text NOT NULL, "
      + "sender text NOT NULL, created timestamptz NOT NULL DEFAULT now(), payload text NOT NULL); "
      + "CREATE INDEX IF NOT EXISTS " + TABLE + "_channel ON " + TABLE + " (channel, id); END $$").execute().mapEmpty();
  }

  /** Keeps the batch and notifies it (or, when too big, its id) on the channel, in one statement. */
  Future<Void> append(String channel, String sender, String batch, boolean inline) {
    String notified = inline
      ? "'{\"id\":' || id || ',\"from\":' || to_json($2::text) || ',\"batch\":' || $3 || '}'"
      : "'{\"id\":' || id || ',\"from\":' || to_json($2::text) || '}'";
    return client.preparedQuery("WITH kept AS (INSERT INTO " + TABLE + " (channel, sender, payload) VALUES ($1, $2, $3) "
      + "RETURNING id) SELECT pg_notify($1, " + notified + ") FROM kept").execute(Tuple.of(channel, sender, batch)).mapEmpty();
  }

  /** What a notification says: always the id and sender, the batch when it was small enough. */
  static Entry entry(String payload) {
    JsonObject notified = new JsonObject(payload);
    return new Entry(notified.getLong("id"), notified.getString("from"), notified.getJsonObject("batch"));
  }

  /** The batch of a row; null when it is gone. */
  Future<JsonObject> batch(long id) {
    return client.preparedQuery("SELECT payload FROM " + TABLE + " WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
      Iterator<Row> row = rows.iterator();
      return row.hasNext() ? new JsonObject(row.next().getString(0)) : null;
    });
  }

  /** The rows of these channels after {@code afterId}, in id order. */
  Future<List<Entry>> since(List<String> channels, long afterId) {
    return client.preparedQuery("SELECT id, sender, payload FROM " + TABLE + " WHERE channel = ANY($1) AND id > $2 ORDER BY id")
      .execute(Tuple.of(channels.toArray(new String[0]), afterId)).map(rows -> {
        List<Entry> entries = new ArrayList<>();
        rows.forEach(row -> entries.add(new Entry(row.getLong(0), row.getString(1), new JsonObject(row.getString(2)))));
        return entries;
      });
  }

  /** Deletes what every node has long read. */
  Future<Void> cleanUp() {
    return client.query("DELETE FROM " + TABLE + " WHERE created < now() - interval '" + KEEP_MINUTES + " minutes'")
      .execute().mapEmpty();
  }
}
