package multinode.pubsub.adapter.redis;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import multinode.Failures;
import multinode.pubsub.PubSubAdapter;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubFailure;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.impl.Envelopes;
import multinode.pubsub.impl.Reconnects;
import multinode.pubsub.impl.TurnBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pubsub through a Redis server, for nodes that cannot form a cluster (started without {@code -cluster});
 * a node is known by its configured name.
 * <p>
 * Two connections: one in subscriber mode ({@code SUBSCRIBE multinode:topic:<topic>} per topic this
 * node wants, and {@code multinode:node:<name>} for direct broadcasts), one that publishes. Broadcasts
 * made in one event-loop turn go out as one {@code PUBLISH} per topic, carrying them all in order.
 * <p>
 * When Redis cannot be reached, broadcasts fail at once with {@code adapter_unavailable}; the adapter
 * reconnects with a backoff from 100 ms to 5 s and subscribes again to every topic it was asked for,
 * so subscribers keep their subscriptions and delivery resumes.
 */
public final class RedisAdapter implements PubSubAdapter {

  private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);
  private static final String TOPIC_CHANNEL = "multinode:topic:";
  private static final String NODE_CHANNEL = "multinode:node:";
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final ContextInternal context;
  private final String nodeName;
  private final Redis client;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  private final Map<String, Promise<Void>> confirmations = new ConcurrentHashMap<>();
  private final TurnBatches turns;
  private final Reconnects reconnects;
  private Handler<List<PubSubMessage>> inbound;
  private volatile RedisConnection subscriber;
  private volatile RedisConnection publisher;
  private volatile boolean up;
  private volatile boolean stopped;

  /** Call from the pubsub verticle's context: batches are sent from it. */
  public RedisAdapter(Vertx vertx, String nodeName, String url) {
    this.vertx = vertx;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.nodeName = nodeName;
    this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    this.turns = new TurnBatches(context, this::send);
    // a failed try closes what it opened, so that the next one starts from nothing
    this.reconnects = new Reconnects(vertx, MAX_BACKOFF_MS, () -> connect().onFailure(e -> closeConnections()), () -> stopped);
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public boolean available() {
    return up;
  }

  /** Connects; a Redis that is down now is retried in the background rather than failing the node. */
  @Override
  public Future<Void> start(Handler<List<PubSubMessage>> inbound) {
    this.inbound = inbound;
    return connect().otherwise(failure -> {
      log.warn("redis: cannot connect ({}); retrying", Failures.ioMessage(failure));
      reconnects.later();
      return null;
    });
  }

  @Override
  public Future<Void> subscribe(String topic) {
    topics.add(topic);
    if (!up) {
      return unavailable();
    }
    return subscribeChannels(List.of(TOPIC_CHANNEL + topic));
  }

  /**
   * Stops listening to the topic without waiting for Redis: the answer of a connection being closed
   * may never come, and a late or lost UNSUBSCRIBE only means messages nobody here wants, which the
   * dispatcher drops.
   */
  @Override
  public Future<Void> unsubscribe(String topic) {
    topics.remove(topic);
    RedisConnection connection = subscriber;
    if (up && !stopped && connection != null) {
      connection.send(Request.cmd(Command.UNSUBSCRIBE).arg(TOPIC_CHANNEL + topic))
        .onFailure(e -> log.debug("UNSUBSCRIBE {} failed: {}", topic, e.toString()));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> broadcast(PubSubMessage message) {
    return up ? turns.add(message) : unavailable();
  }

  @Override
  public Future<Void> directBroadcast(String node, PubSubMessage message) {
    RedisConnection connection = publisher;
    if (!up || connection == null) {
      return unavailable();
    }
    return connection.send(Request.cmd(Command.PUBLISH).arg(NODE_CHANNEL + node).arg(batch(message.topic(), List.of(message))))
      .compose(receivers -> receivers.toInteger() > 0 ? Future.<Void>succeededFuture()
        : Future.failedFuture(new PubSubException(PubSubFailure.NO_SUCH_NODE, "no node named " + node + " is listening")));
  }

  @Override
  public Future<Void> stop() {
    synchronized (this) {
      stopped = true;
    }
    closeConnections();
    return Future.succeededFuture();
  }

  private Future<Void> connect() {
    return Future.all(client.connect(), client.connect()).compose(both -> {
      RedisConnection sub = both.resultAt(0);
      RedisConnection pub = both.resultAt(1);
      for (RedisConnection connection : List.of(sub, pub)) {
        connection.exceptionHandler(e -> lost(connection, e.getMessage()));
        connection.endHandler(v -> lost(connection, "connection closed"));
      }
      sub.handler(this::onPush);
      subscriber = sub;
      publisher = pub;
      List<String> channels = new ArrayList<>(List.of(NODE_CHANNEL + nodeName));
      topics.forEach(topic -> channels.add(TOPIC_CHANNEL + topic));
      return subscribeChannels(channels);
    }).onSuccess(v -> {
      up = true;
      reconnects.connected();
      log.info("redis: connected; {} topics subscribed", topics.size());
    });
  }

  /** Subscribes and completes when Redis has confirmed every channel. */
  private Future<Void> subscribeChannels(List<String> channels) {
    List<Future<Void>> confirmed = new ArrayList<>();
    Request request = Request.cmd(Command.SUBSCRIBE);
    for (String channel : channels) {
      confirmed.add(confirmations.computeIfAbsent(channel, c -> Promise.promise()).future());
      request.arg(channel);
    }
    return subscriber.send(request).compose(v -> Future.all(confirmed)).mapEmpty();
  }

  private void onPush(Response push) {
    String kind = push.get(0).toString();
    String channel = push.get(1).toString();
    if (kind.equals("subscribe")) {
      Promise<Void> confirmation = confirmations.remove(channel);
      if (confirmation != null) {
        confirmation.tryComplete();
      }
    } else if (kind.equals("message")) {
      receive(new JsonObject(push.get(2).toBuffer()));
    }
  }

  private void receive(JsonObject batch) {
    // this node's own broadcasts were dispatched here already
    if (!batch.getString("from").equals(nodeName())) {
      inbound.handle(Envelopes.messages(batch));
    }
  }


  private Future<Void> send(Map<String, List<PubSubMessage>> turn) {
    RedisConnection connection = publisher;
    if (!up || connection == null) {
      return unavailable();
    }
    List<Request> publishes = new ArrayList<>();
    turn.forEach((topic, messages) ->
      publishes.add(Request.cmd(Command.PUBLISH).arg(TOPIC_CHANNEL + topic).arg(batch(topic, messages))));
    return connection.batch(publishes).<Void>mapEmpty()
      .recover(e -> Future.failedFuture(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, "redis: " + e.getMessage())));
  }

  private String batch(String topic, List<PubSubMessage> messages) {
    return Envelopes.batch(nodeName, topic, messages).encode();
  }

  private void lost(RedisConnection connection, String why) {
    synchronized (this) {
      if (!up || (connection != subscriber && connection != publisher)) {
        return;
      }
      up = false;
    }
    log.warn("redis: connection lost ({}); reconnecting", why);
    closeConnections();
    confirmations.values().forEach(p -> p.tryFail(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, "redis went away")));
    confirmations.clear();
    reconnects.later();
  }


  /** Closes the current connections once: a second close of a pooled connection fails inside the client. */
  private void closeConnections() {
    RedisConnection[] current;
    synchronized (this) {
      current = new RedisConnection[] {subscriber, publisher};
      subscriber = null;
      publisher = null;
    }
    for (RedisConnection connection : current) {
      if (connection != null) {
        connection.close();
      }
    }
  }

  private static Future<Void> unavailable() {
    return Future.failedFuture(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, "redis is not reachable"));
  }
}
