package multinode.chat.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code postgres} store: durable history in PostgreSQL, shared by every node, kept for
 * {@code chat.history.postgres.retentionDays} (0: for ever), so a restart of every node, even after
 * {@code kill -9}, keeps every message that was acknowledged.
 * <p>
 * Two tables ({@link PostgresSchema}): a room's epoch and last number in {@code multinode_chat_rooms},
 * its messages in {@code multinode_chat_messages}. An append is one statement, so one transaction: it
 * takes the room's next numbers ({@code INSERT … ON CONFLICT DO UPDATE … RETURNING}, whose row lock
 * orders concurrent appends from every node) and inserts the rows; the answer comes after the commit.
 * Each message id is unique, so an append retried after a lost answer finds its rows instead of keeping
 * them twice. Statements go through a pipelined client; the schema is created or upgraded at the first
 * connection.
 */
public final class PostgresRoomLog implements RoomLog {

  private static final Logger log = LoggerFactory.getLogger(RoomLog.class);
  private static final long PRUNE_EVERY_MS = 3_600_000;
  private static final String UNIQUE_VIOLATION = "23505";

  /** $1 room, $2 epoch for a new room, $3 how many, $4… the drafts' columns as arrays. (Public for the benchmark's floor.) */
  public static final String APPEND = """
    WITH head AS (
      INSERT INTO multinode_chat_rooms AS r (room, epoch, last_seq) VALUES ($1::text, $2::text, $3::int)
      ON CONFLICT (room) DO UPDATE SET last_seq = r.last_seq + EXCLUDED.last_seq
      RETURNING r.epoch, r.last_seq
    ), kept AS (
      INSERT INTO multinode_chat_messages (room, seq, id, ts, sender, node, body, system)
      SELECT $1::text, head.last_seq - $3::int + m.ord, m.id, m.ts, m.sender, m.node, m.body, m.system
      FROM head, unnest($4::uuid[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::bool[])
        WITH ORDINALITY AS m(id, ts, sender, node, body, system, ord)
      RETURNING 1
    )
    SELECT epoch, last_seq, (SELECT count(*) FROM kept) AS kept FROM head""";

  private static final String KEPT = """
    SELECT r.epoch, m.id, m.seq FROM multinode_chat_messages m JOIN multinode_chat_rooms r USING (room)
    WHERE m.id = ANY($1::uuid[])""";

  private static final String READ = """
    SELECT r.epoch, r.last_seq,
      coalesce((SELECT min(seq) FROM multinode_chat_messages WHERE room = r.room), r.last_seq + 1) AS first_seq,
      m.seq, m.id, m.ts, m.sender, m.node, m.body, m.system
    FROM multinode_chat_rooms r
    LEFT JOIN LATERAL (
      SELECT * FROM multinode_chat_messages WHERE room = r.room AND seq > $2 AND seq < $3 ORDER BY seq DESC LIMIT $4
    ) m ON true
    WHERE r.room = $1
    ORDER BY m.seq""";

  private static final String PRUNE = "DELETE FROM multinode_chat_messages WHERE ts < now() - make_interval(days => $1)";

  private final Vertx vertx;
  private final SqlClient client;
  private final Pool admin;
  private final StoreLink link;
  private final int retentionDays;
  private boolean schemaReady;
  private long pruning = -1;

  /** Call from the chat's context. */
  public PostgresRoomLog(Vertx vertx, String url, int retentionDays) {
    this.vertx = vertx;
    this.retentionDays = retentionDays;
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    NetClientOptions net = new NetClientOptions().setConnectTimeout(2_000);
    this.client = PgBuilder.client().with(new PoolOptions().setMaxSize(4)).with(net).connectingTo(options).using(vertx).build();
    this.admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).with(net).connectingTo(options).using(vertx).build();
    this.link = new StoreLink(vertx, "postgres at " + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase(),
      this::probe, failure -> !(failure instanceof PgException pg) || pg.getSqlState().startsWith("08")
        || pg.getSqlState().startsWith("57"));
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Future<Void> start() {
    if (retentionDays > 0) {
      pruning = vertx.setPeriodic(PRUNE_EVERY_MS, t -> prune());
    }
    return link.start();
  }

  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(pruning);
    link.stop();
    return Future.join(client.close(), admin.close()).mapEmpty();
  }

  @Override
  public boolean available() {
    return link.up();
  }

  @Override
  public Future<List<JsonObject>> append(String room, List<JsonObject> drafts) {
    Tuple row = appendRow(room, drafts);
    return link.call(() -> client.preparedQuery(APPEND).execute(row)
      // the connection broke: the append may have committed. Once more; its ids say if it did
      .recover(failure -> failure instanceof PgException ? Future.failedFuture(failure) : client.preparedQuery(APPEND).execute(row))
      .map(rows -> {
        Row head = rows.iterator().next();
        return Drafts.stamped(drafts, head.getString("epoch"), head.getLong("last_seq"));
      })
      .recover(failure -> failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? alreadyKept(drafts) : Future.failedFuture(failure)));
  }

  @Override
  public Future<Slice> read(String room, long after, long before, int limit) {
    return link.call(() -> client.preparedQuery(READ).execute(Tuple.of(room, after, before, limit)).map(rows -> slice(room, rows)));
  }

  /** The drafts as the one statement's arrays: ids, times, senders, nodes, texts, system flags. */
  private static Tuple appendRow(String room, List<JsonObject> drafts) {
    int n = drafts.size();
    UUID[] ids = new UUID[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] senders = new String[n];
    String[] nodes = new String[n];
    String[] bodies = new String[n];
    Boolean[] system = new Boolean[n];
    for (int i = 0; i < n; i++) {
      JsonObject draft = drafts.get(i);
      ids[i] = UUID.fromString(draft.getString("id"));
      times[i] = Instant.parse(draft.getString("ts")).atOffset(ZoneOffset.UTC);
      senders[i] = draft.getString("from");
      nodes[i] = draft.getString("node");
      bodies[i] = draft.getString("text");
      system[i] = draft.getBoolean("system", false);
    }
    return Tuple.of(room, RoomHistory.newEpoch(), n, ids, times, senders, nodes, bodies, system);
  }

  /** An append that committed although its answer was lost: the numbers it got. */
  private Future<List<JsonObject>> alreadyKept(List<JsonObject> drafts) {
    UUID[] ids = drafts.stream().map(d -> UUID.fromString(d.getString("id"))).toArray(UUID[]::new);
    return client.preparedQuery(KEPT).execute(Tuple.of((Object) ids)).compose(rows -> {
      Map<String, Row> byId = new HashMap<>();
      rows.forEach(row -> byId.put(row.getUUID("id").toString(), row));
      if (byId.size() != drafts.size()) {
        return Future.failedFuture(new IllegalStateException("an append was kept in part"));
      }
      List<JsonObject> stamped = new ArrayList<>();
      for (JsonObject draft : drafts) {
        Row row = byId.get(draft.getString("id"));
        stamped.add(draft.put("seq", row.getLong("seq")).put("epoch", row.getString("epoch")));
      }
      return Future.succeededFuture(stamped);
    });
  }

  private static Slice slice(String room, RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Slice.EMPTY;
    }
    String epoch = null;
    long lastSeq = 0;
    long firstSeq = 1;
    List<JsonObject> messages = new ArrayList<>();
    for (Row row : rows) {
      epoch = row.getString("epoch");
      lastSeq = row.getLong("last_seq");
      firstSeq = row.getLong("first_seq");
      if (row.getValue("seq") != null) {
        messages.add(message(row, room, epoch));
      }
    }
    return new Slice(epoch, lastSeq, firstSeq, messages);
  }

  /** A kept message as it was sent: the same fields in the same order as a stamped draft. */
  private static JsonObject message(Row row, String room, String epoch) {
    JsonObject message = new JsonObject().put("type", "message").put("id", row.getUUID("id").toString())
      .put("room", room).put("ts", row.getOffsetDateTime("ts").toInstant().toString())
      .put("from", row.getString("sender")).put("node", row.getString("node")).put("text", row.getString("body"));
    if (row.getBoolean("system")) {
      message.put("system", true);
    }
    return message.put("seq", row.getLong("seq")).put("epoch", epoch);
  }

  /** The link's probe: the schema once, then a trivial query. */
  private Future<Void> probe() {
    if (schemaReady) {
      return client.query("SELECT 1").execute().mapEmpty();
    }
    return PostgresSchema.upgrade(admin).onSuccess(version -> {
      schemaReady = true;
      log.debug("chat history schema at version {}", version);
      prune();
    }).mapEmpty();
  }

  private void prune() {
    if (retentionDays == 0 || !schemaReady) {
      return;
    }
    client.preparedQuery(PRUNE).execute(Tuple.of(retentionDays))
      .onSuccess(rows -> log.debug("chat history: {} messages older than {} days removed", rows.rowCount(), retentionDays))
      .onFailure(e -> log.debug("chat history: pruning failed: {}", e.getMessage()));
  }
}
