package multinode.pubsub.adapter.postgres;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotice;
import io.vertx.pgclient.PgNotification;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import multinode.pubsub.PubSubAdapter;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubFailure;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.impl.AdapterLink;
import multinode.pubsub.impl.Envelopes;
import multinode.pubsub.impl.Reconnects;
import multinode.pubsub.impl.TurnBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pubsub through PostgreSQL's {@code LISTEN}/{@code NOTIFY}, for nodes that cannot form a cluster but
 * share a database; a node is known by its configured name.
 * <p>
 * <b>Channels.</b> A node listens only to the topics it has subscribers for, each on its own channel,
 * {@code mn_t_<sha-1 of the topic>}, and to {@code mn_n_<sha-1 of its name>} for direct broadcasts: 45
 * characters whatever the topic, within PostgreSQL's 63, and no two topics share one. The listening
 * connection carries the node's channel as its {@code application_name}, which is how a direct
 * broadcast knows whether its node is there.
 * <p>
 * <b>Payloads.</b> Broadcasts made in one event-loop turn go out as one statement per topic that keeps the
 * batch in {@link PostgresLog}'s table and notifies it, split so that each notification carries its
 * batch within NOTIFY's 8,000 bytes; a single message too big for that is notified by row id and read
 * from the table. Every statement leaves through one pipelined connection, so a node's notifications
 * arrive in the order broadcast, and a receiver hands batches on one at a time, in that order.
 * <p>
 * <b>Outages.</b> The listening connection is this adapter's own ({@code PgSubscriber} does not say when
 * its connection drops, so it could not fail broadcasts fast): while PostgreSQL cannot be reached,
 * broadcasts fail at once with {@code adapter_unavailable}, and {@code /ready} says so. The node
 * reconnects with a back-off from 100 ms to 2 s, listens again to every topic it was asked for, reads
 * from the table what its channels were sent meanwhile (each sender's rows after the last it handled,
 * so that nothing acknowledged is lost and nothing comes twice), and logs one WARN when the connection
 * goes and one INFO when it is back.
 */
public final class PostgresAdapter implements PubSubAdapter {

  private static final Logger log = LoggerFactory.getLogger(PostgresAdapter.class);
  /** At most this long between tries: delivery resumes within it of the server's return. */
  private static final long MAX_BACKOFF_MS = 2_000;

  private final Vertx vertx;
  private final ContextInternal context;
  private final String nodeName;
  private final PgConnectOptions listenOptions;
  private final AdapterLink link;
  private final SqlClient client;
  private final PostgresLog table;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  /** Per sending node, the id of the last of its batches handed on here; on the listener's context. */
  private final Map<String, Long> handled = new HashMap<>();
  /** The highest id handed on from any node. */
  private long highest;
  /** What arrives is handed on one batch at a time, in this chain: a batch read from the table holds back the rest. */
  private Future<Void> arriving = Future.succeededFuture();
  private boolean connectedBefore;
  private final TurnBatches turns;
  private final Reconnects reconnects;
  private Handler<List<PubSubMessage>> inbound;
  private volatile PgConnection listener;
  private volatile boolean up;
  private volatile boolean stopped;
  private long cleanups = -1;

  /** Call from the pubsub verticle's context: batches are sent from it. */
  public PostgresAdapter(Vertx vertx, String nodeName, String url) {
    this.vertx = vertx;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.nodeName = nodeName;
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    this.link = new AdapterLink("postgres", "postgres at " + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase());
    this.listenOptions = new PgConnectOptions(options)
      .addProperty("application_name", nodeChannel(nodeName));
    this.client = PgBuilder.client().with(new PoolOptions().setMaxSize(1))
      .with(new NetClientOptions().setConnectTimeout(2_000)).connectingTo(options)
      .withConnectHandler(connection -> {
        PgConnection.cast(connection).noticeHandler(PostgresAdapter::notice);
        connection.close();
      }).using(vertx).build();
    this.table = new PostgresLog(client);
    this.turns = new TurnBatches(context, this::send);
    this.reconnects = new Reconnects(vertx, MAX_BACKOFF_MS, this::connect, () -> stopped);
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public boolean available() {
    return up;
  }

  /** Connects; a PostgreSQL that is down now is retried in the background rather than failing the node. */
  @Override
  public Future<Void> start(Handler<List<PubSubMessage>> inbound) {
    this.inbound = inbound;
    cleanups = vertx.setPeriodic(PostgresLog.CLEANUP_MS, t -> {
      if (up) {
        table.cleanUp().onFailure(e -> log.debug("postgres pubsub: cleaning up the log failed: {}", e.toString()));
      }
    });
    return connect().otherwise(failure -> {
      link.lost(failure.getMessage());
      reconnects.later();
      return null;
    });
  }

  @Override
  public Future<Void> subscribe(String topic) {
    PgConnection connection = listener;
    if (!up || connection == null) {
      return link.unavailable();
    }
    // kept before the answer: a reconnect meanwhile listens to it again
    topics.add(topic);
    return connection.query("LISTEN " + quoted(topicChannel(topic))).execute().<Void>mapEmpty()
      .recover(e -> {
        topics.remove(topic);
        return link.failed(e);
      });
  }

  /** Stops listening without waiting: a late UNLISTEN only means messages nobody here wants, which the dispatcher drops. */
  @Override
  public Future<Void> unsubscribe(String topic) {
    topics.remove(topic);
    PgConnection connection = listener;
    if (up && !stopped && connection != null) {
      connection.query("UNLISTEN " + quoted(topicChannel(topic))).execute()
        .onFailure(e -> log.debug("UNLISTEN {} failed: {}", topic, e.toString()));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> broadcast(PubSubMessage message) {
    return up ? turns.add(message) : link.unavailable();
  }

  /** Sent at once, and answered {@code no_such_node} when no node of that name listens. */
  @Override
  public Future<Void> directBroadcast(String node, PubSubMessage message) {
    if (!up) {
      return link.unavailable();
    }
    String channel = nodeChannel(node);
    return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = $1)")
      .execute(Tuple.of(channel))
      .compose(rows -> rows.iterator().next().getBoolean(0)
        ? notify(channel, List.of(message))
        : Future.failedFuture(new PubSubException(PubSubFailure.NO_SUCH_NODE, "no node named " + node + " is listening")))
      .recover(link::failed);
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    up = false;
    vertx.cancelTimer(cleanups);
    PgConnection connection = listener;
    listener = null;
    return Future.join(connection == null ? Future.succeededFuture() : connection.close(), client.close()).mapEmpty();
  }

  private Future<Void> connect() {
    return PgConnection.connect(vertx, listenOptions).compose(connection -> {
      connection.notificationHandler(this::onNotification);
      connection.noticeHandler(PostgresAdapter::notice);
      connection.exceptionHandler(e -> log.debug("postgres pubsub: {}", e.toString()));
      connection.closeHandler(v -> lost(connection));
      StringBuilder listen = new StringBuilder("LISTEN ").append(quoted(nodeChannel(nodeName)));
      topics.forEach(topic -> listen.append("; LISTEN ").append(quoted(topicChannel(topic))));
      return table.create().compose(v -> connection.query(listen.toString()).execute()).map(rows -> connection)
        .onFailure(e -> connection.close());
    }).onSuccess(connection -> {
      listener = connection;
      if (connectedBefore) {
        List<String> channels = new ArrayList<>(List.of(nodeChannel(nodeName)));
        topics.forEach(topic -> channels.add(topicChannel(topic)));
        arriving = arriving.transform(v -> catchUp(channels)).otherwiseEmpty();
      }
      connectedBefore = true;
      up = true;
      reconnects.connected();
      link.back("listening to " + topics.size() + " topics");
    }).mapEmpty();
  }

  private void onNotification(PgNotification notification) {
    PostgresLog.Entry entry = PostgresLog.entry(notification.getPayload());
    arriving = arriving.transform(v -> handOn(entry, -1)).otherwiseEmpty();
  }

  /** What this node's channels were sent while it was away, from the table, each sender's after the last handled. */
  private Future<Void> catchUp(List<String> channels) {
    long unknownAfter = highest;
    long from = Math.min(handled.values().stream().mapToLong(Long::longValue).min().orElse(highest), highest);
    return table.since(channels, from).compose(entries -> {
      Future<Void> done = Future.succeededFuture();
      for (PostgresLog.Entry entry : entries) {
        done = done.transform(v -> handOn(entry, unknownAfter));
      }
      return done;
    });
  }

  /**
   * Hands a batch of another node on, once: a sender's ids grow in the order it broadcast (one pipelined
   * connection), so an id not above the last handled from it was handed on already.
   *
   * @param unknownAfter for a node not heard before: the id its batches must be above (in a catch-up, the
   *   highest handled from anyone, so that what came before this node listened is not handed on)
   */
  private Future<Void> handOn(PostgresLog.Entry entry, long unknownAfter) {
    // this node's own broadcasts were dispatched here already
    if (nodeName.equals(entry.sender()) || entry.id() <= handled.getOrDefault(entry.sender(), unknownAfter)) {
      return Future.succeededFuture();
    }
    Future<JsonObject> batch = entry.batch() != null ? Future.succeededFuture(entry.batch()) : table.batch(entry.id());
    return batch.map(json -> {
      handled.merge(entry.sender(), entry.id(), Math::max);
      highest = Math.max(highest, entry.id());
      if (json != null) {
        inbound.handle(Envelopes.messages(json));
      }
      return null;
    });
  }

  private Future<Void> send(Map<String, List<PubSubMessage>> turn) {
    if (!up) {
      return link.unavailable();
    }
    List<Future<Void>> notified = new ArrayList<>();
    turn.forEach((topic, messages) -> notified.add(notify(topicChannel(topic), messages)));
    return Future.all(notified).<Void>mapEmpty().recover(link::failed);
  }

  /** One statement per part of the batch whose notification carries it; a single message too big for one is read from its row. */
  private Future<Void> notify(String channel, List<PubSubMessage> messages) {
    String encoded = Envelopes.batch(nodeName, messages.get(0).topic(), messages).encode();
    boolean fits = encoded.getBytes(StandardCharsets.UTF_8).length <= PostgresLog.MAX_INLINE_BYTES;
    if (fits || messages.size() == 1) {
      return table.append(channel, nodeName, encoded, fits);
    }
    // both halves are sent on the one pipelined connection, in this order
    int half = messages.size() / 2;
    Future<Void> first = notify(channel, messages.subList(0, half));
    Future<Void> second = notify(channel, messages.subList(half, messages.size()));
    return Future.all(first, second).mapEmpty();
  }

  private void lost(PgConnection connection) {
    if (connection != listener || stopped) {
      return;
    }
    up = false;
    listener = null;
    link.lost("connection closed");
    reconnects.later();
  }

  /**
   * A notice the server sends a connection of this adapter, such as its shutdown's "terminating
   * connection": the client would log it as a WARN, while the adapter says itself when the server goes.
   */
  private static void notice(PgNotice notice) {
    log.debug("postgres pubsub: the server says {} {}: {}", notice.getSeverity(), notice.getCode(), notice.getMessage());
  }

  static String topicChannel(String topic) {
    return "mn_t_" + AdapterLink.hash(topic);
  }

  static String nodeChannel(String node) {
    return "mn_n_" + AdapterLink.hash(node);
  }

  private static String quoted(String channel) {
    return "\"" + channel + "\"";
  }

}
