package multinode.pubsub.adapter.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import multinode.pubsub.PubSubAdapter;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubFailure;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.impl.AdapterLink;
import multinode.pubsub.impl.Envelopes;
import multinode.pubsub.impl.Reconnects;
import multinode.pubsub.impl.Redeliveries;
import multinode.pubsub.impl.TurnBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pubsub through a RabbitMQ broker, for nodes that cannot form a cluster; a node is known by its
 * configured name.
 * <p>
 * <b>Topology.</b> One durable topic exchange, {@value #EXCHANGE}; one durable queue per node,
 * {@code multinode.node.<name>}, bound once per topic the node has subscribers for, with the key
 * {@code t.<sha-1 of the topic>} (no character of a topic can act as a wildcard, and any topic fits the
 * 255-byte key), and once to {@code n.<sha-1 of its name>} for direct broadcasts. A node starting anew
 * deletes what its queue held from before; a queue left without its node goes after
 * {@value #QUEUE_EXPIRES_MS} ms.
 * <p>
 * <b>Delivery.</b> Broadcasts made in one event-loop turn go out as one persistent message per topic on
 * a publishing connection with publisher confirms: a broadcast completes once the broker has it (on disk
 * for the queues it reached). Each message carries its node's run and a number, so a receiver hands on
 * each once and in order even when the broker delivers one again.
 * <p>
 * <b>Outages.</b> While the broker cannot be reached, broadcasts fail at once with
 * {@code adapter_unavailable}; the client reconnects by itself, the node declares its exchange, queue and
 * bindings again and consumes on, and what the broker kept in the node's queue meanwhile arrives. One
 * WARN when the broker goes, one INFO when it is back.
 */
public final class RabbitMqAdapter implements PubSubAdapter {

  static final String EXCHANGE = "multinode.pubsub";
  static final int QUEUE_EXPIRES_MS = 300_000;
  private static final long WATCH_MS = 200;
  /** At most this long between tries: delivery resumes within it of the broker's return. */
  private static final long MAX_BACKOFF_MS = 2_000;
  private static final long CONFIRM_TIMEOUT_MS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(RabbitMqAdapter.class);

  private final Vertx vertx;
  private final ContextInternal context;
  private final String nodeName;
  private final AdapterLink link;
  private final String queue;
  private final String run = UUID.randomUUID().toString();
  private final RabbitMQClient consuming;
  private final RabbitMQClient publishing;
  private final RabbitMQClient probing;
  private final TurnBatches turns;
  private final Reconnects reconnects;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  /** Per sending node; on the consumer's context. */
  private final Redeliveries redeliveries = new Redeliveries();
  private Handler<List<PubSubMessage>> inbound;
  /** The number of this run's last message; on the adapter's context. */
  private long seq;
  /** Whether the node's queue still holds what it had before this start. */
  private boolean fresh = true;
  private volatile boolean started;
  private volatile boolean stopped;
  private long watch = -1;

  /** Call from the pubsub verticle's context: batches are sent from it, in order. */
  public RabbitMqAdapter(Vertx vertx, String nodeName, String url) {
    this.vertx = vertx;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.nodeName = nodeName;
    this.queue = "multinode.node." + nodeName;
    // the adapter reconnects itself, so that there is always exactly one consumer on its queue
    RabbitMQOptions options = new RabbitMQOptions().setUri(url).setAutomaticRecoveryEnabled(false)
      .setReconnectAttempts(0).setConnectionTimeout(2_000).setRequestedHeartbeat(5)
      .setConnectionName("multinode " + nodeName);
    java.net.URI address = java.net.URI.create(url);
    this.link = new AdapterLink("rabbitmq", "rabbitmq at " + address.getHost() + ":" + (address.getPort() < 0 ? 5672 : address.getPort()));
    this.consuming = RabbitMQClient.create(vertx, new RabbitMQOptions(options));
    this.publishing = RabbitMQClient.create(vertx, new RabbitMQOptions(options));
    this.probing = RabbitMQClient.create(vertx, new RabbitMQOptions(options));
    this.turns = new TurnBatches(context, this::send);
    this.reconnects = new Reconnects(vertx, MAX_BACKOFF_MS, this::reattempt, () -> stopped);
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public boolean available() {
    return started && consuming.isConnected() && publishing.isConnected();
  }

  /** Connects; a broker that is down now is retried in the background rather than failing the node. */
  @Override
  public Future<Void> start(Handler<List<PubSubMessage>> inbound) {
    this.inbound = inbound;
    watch = vertx.setPeriodic(WATCH_MS, t -> watch());
    return attempt().otherwise(e -> {
      link.lost(String.valueOf(e.getMessage()));
      reconnects.later();
      return null;
    });
  }

  @Override
  public Future<Void> subscribe(String topic) {
    if (!available()) {
      return link.unavailable();
    }
    topics.add(topic);
    return consuming.queueBind(queue, EXCHANGE, topicKey(topic)).recover(e -> {
      topics.remove(topic);
      return link.failed(e);
    });
  }

  /** Unbinds without waiting: a late unbind only means messages nobody here wants, which the dispatcher drops. */
  @Override
  public Future<Void> unsubscribe(String topic) {
    topics.remove(topic);
    if (available() && !stopped) {
      consuming.queueUnbind(queue, EXCHANGE, topicKey(topic))
        .onFailure(e -> log.debug("unbinding {} failed: {}", topic, e.toString()));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> broadcast(PubSubMessage message) {
    return available() ? turns.add(message) : link.unavailable();
  }

  /** Sent at once, and answered {@code no_such_node} when the broker has no queue for that node. */
  @Override
  public Future<Void> directBroadcast(String node, PubSubMessage message) {
    if (!available()) {
      return link.unavailable();
    }
    Future<Void> exists = (probing.isConnected() ? Future.<Void>succeededFuture() : probing.start())
      .compose(v -> probing.messageCount("multinode.node." + node)).<Void>mapEmpty()
      .recover(e -> Future.failedFuture(new PubSubException(PubSubFailure.NO_SUCH_NODE, "no node named " + node
        + " has a queue at " + link.where())));
    return exists.compose(v -> turns.alone(() -> publish(nodeKey(node), List.of(message))))
      .compose(v -> publishing.waitForConfirms(CONFIRM_TIMEOUT_MS))
      .recover(link::failed);
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(watch);
    return Future.join(consuming.stop(), publishing.stop(), probing.isConnected() ? probing.stop() : Future.succeededFuture())
      .mapEmpty();
  }

  /**
   * Connects both clients and consumes the node's queue. Until that succeeds it is tried again, with both
   * clients stopped first, after a back-off up to 2 s, so that delivery resumes within that of the
   * broker's return; the node starts while the broker is away.
   */
  private Future<Void> attempt() {
    return consuming.start().compose(v -> declare()).compose(v -> publishing.start()).compose(v -> publishing.confirmSelect())
      .compose(v -> consuming.basicConsumer(queue, new QueueOptions().setAutoAck(true).setMaxInternalQueueSize(100_000)))
      .onSuccess(consumer -> {
        consumer.handler(this::receive);
        started = true;
        reconnects.connected();
        link.back(topics.size() + " topics bound");
      }).mapEmpty();
  }

  /** Another try, from scratch: both clients stopped, then connected again. */
  private Future<Void> reattempt() {
    return Future.join(consuming.stop(), publishing.stop()).transform(ar -> stopped ? Future.succeededFuture() : attempt());
  }

  /**
   * Declares the exchange, the node's queue and its bindings, on each connection before consuming (after a
   * broker restart, a queue and its bindings are back only if durable; declaring again is harmless). The
   * client's own connection callback is not used: its {@code start()} completes without waiting for it.
   */
  private Future<Void> declare() {
    JsonObject arguments = new JsonObject().put("x-expires", QUEUE_EXPIRES_MS);
    return consuming.exchangeDeclare(EXCHANGE, "topic", true, false)
      .compose(v -> fresh ? consuming.queueDelete(queue).onSuccess(deleted -> fresh = false) : Future.succeededFuture())
      .compose(v -> consuming.queueDeclare(queue, true, false, false, arguments))
      .compose(v -> consuming.queueBind(queue, EXCHANGE, nodeKey(nodeName)))
      .compose(v -> Future.all(topics.stream().map(t -> consuming.queueBind(queue, EXCHANGE, topicKey(t))).toList()))
      .mapEmpty();
  }

  private void receive(RabbitMQMessage message) {
    JsonObject batch = new JsonObject(message.body());
    String from = batch.getString("from");
    Map<String, Object> headers = message.properties().getHeaders();
    if (nodeName.equals(from) || headers == null) {
      return;
    }
    if (!redeliveries.first(from, String.valueOf(headers.get("run")), ((Number) headers.get("seq")).longValue())) {
      return;
    }
    inbound.handle(Envelopes.messages(batch));
  }

  /**
   * One persistent message per topic, then the broker's confirmation of them all. The client runs each call
   * on a worker thread, in the order made; {@link TurnBatches} completes the turns in that order too.
   */
  private Future<Void> send(Map<String, List<PubSubMessage>> turn) {
    if (!available()) {
      return link.unavailable();
    }
    List<Future<Void>> published = new ArrayList<>();
    turn.forEach((topic, messages) -> published.add(publish(topicKey(topic), messages)));
    Future<Void> confirmed = Future.all(published).compose(all -> publishing.waitForConfirms(CONFIRM_TIMEOUT_MS))
      .recover(link::failed);
    return confirmed;
  }

  /** On the adapter's context only: the client publishes in the order it is called there, so numbers leave in order. */
  private Future<Void> publish(String key, List<PubSubMessage> messages) {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("application/json")
      .headers(Map.of("run", run, "seq", ++seq)).build();
    Buffer body = Envelopes.batch(nodeName, messages.get(0).topic(), messages).toBuffer();
    return publishing.basicPublish(EXCHANGE, key, properties, body);
  }

  /** Notices a lost connection: says so once, and connects again from scratch. */
  private void watch() {
    if (started && !stopped && !available()) {
      started = false;
      link.lost("connection closed");
      reconnects.connected();
      reconnects.now();
    }
  }

  static String topicKey(String topic) {
    return "t." + AdapterLink.hash(topic);
  }

  static String nodeKey(String node) {
    return "n." + AdapterLink.hash(node);
  }

}
