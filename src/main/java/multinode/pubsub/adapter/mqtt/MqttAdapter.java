package multinode.pubsub.adapter.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import multinode.pubsub.PubSubAdapter;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubFailure;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.impl.AdapterLink;
import multinode.pubsub.impl.Envelopes;
import multinode.pubsub.impl.Reconnects;
import multinode.pubsub.impl.Redeliveries;
import multinode.pubsub.impl.TurnBatches;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pubsub through an MQTT broker (VerneMQ, Mosquitto, …), for nodes that cannot form a cluster; a node is
 * known by its configured name.
 * <p>
 * <b>Topics.</b> A pubsub topic travels as the MQTT topic {@code mn/t/<sha-1 of the topic>}: no character of
 * a topic can act as a wildcard ({@code +}, {@code #}) or a level ({@code /}). A node's direct broadcasts go
 * to {@code mn/n/<sha-1 of its name>}. Each node has its own client id, {@code mn-<sha-1 of its name>}, so
 * nodes never take each other's session.
 * <p>
 * <b>Delivery.</b> At the configured QoS (1 by default): a broadcast completes once the broker acknowledged
 * it (QoS 1 and 2) or once written (QoS 0). The session is persistent, so the broker keeps the node's
 * subscriptions and what they receive while the node is away. Each message carries its node's run and a
 * number, so a redelivered one is handed on once (numbers are compared per sender and topic: a broker
 * keeps order within a topic only), and the broker's echo of a node's own broadcast is dropped (its local
 * subscribers had it already).
 * <p>
 * <b>Which nodes are there.</b> Each node keeps a retained message on {@code mn/alive/<sha-1 of its name>},
 * cleared by its last will when it goes; a direct broadcast to a node without one fails with
 * {@code no_such_node}.
 * <p>
 * <b>Outages.</b> While the broker cannot be reached, broadcasts fail at once with
 * {@code adapter_unavailable}; the node reconnects with a back-off from 100 ms to 2 s and subscribes again.
 */
public final class MqttAdapter implements PubSubAdapter {

  private static final String ALIVE = "mn/alive/";
  /** At most this long between tries: delivery resumes within it of the server's return. */
  private static final long MAX_BACKOFF_MS = 2_000;

  /**
   * One connection and the broadcasts waiting for its broker's acknowledgement, by packet id: ids start
   * again with each connection, so an acknowledgement counts only for the connection it came on.
   */
  private static final class Connection {
    final MqttClient client;
    final Map<Integer, Promise<Void>> waiting = new HashMap<>();
    /** Acknowledgements that arrived before their publish was written, which a fast broker can do. */
    final Set<Integer> early = new java.util.HashSet<>();

    Connection(MqttClient client) {
      this.client = client;
    }
  }

  private final Vertx vertx;
  private final ContextInternal context;
  private final String nodeName;
  private final String host;
  private final int port;
  private final MqttQoS qos;
  private final MqttClientOptions options;
  private final AdapterLink link;
  private final TurnBatches turns;
  private final Reconnects reconnects;
  private final String run = UUID.randomUUID().toString();
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  private final Set<String> alive = ConcurrentHashMap.newKeySet();
  /** Per sending node and MQTT topic (a broker keeps order within a topic only); on the client's context. */
  private final Redeliveries redeliveries = new Redeliveries();
  private Handler<List<PubSubMessage>> inbound;
  private volatile Connection connection;
  private volatile boolean up;
  private volatile boolean stopped;
  /** The number of this run's last message; on the adapter's context. */
  private long seq;

  /**
   * Call from the pubsub verticle's context: batches are sent from it.
   *
   * @param url {@code mqtt://host:port}
   * @param qos 0, 1 or 2
   */
  public MqttAdapter(Vertx vertx, String nodeName, String url, int qos) {
    this.vertx = vertx;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.nodeName = nodeName;
    URI address = URI.create(url);
    this.host = address.getHost();
    this.port = address.getPort() < 0 ? 1883 : address.getPort();
    this.qos = MqttQoS.valueOf(qos);
    this.link = new AdapterLink("mqtt", "mqtt at " + host + ":" + port);
    this.options = new MqttClientOptions().setClientId("mn-" + AdapterLink.hash(nodeName)).setCleanSession(false)
      .setMaxInflightQueue(10_000).setMaxMessageSize(16 * 1024 * 1024).setKeepAliveInterval(5).setAckTimeout(10)
      .setWillFlag(true).setWillTopic(ALIVE + AdapterLink.hash(nodeName)).setWillMessageBytes(Buffer.buffer())
      .setWillQoS(1).setWillRetain(true);
    this.turns = new TurnBatches(context, this::send);
    this.reconnects = new Reconnects(vertx, MAX_BACKOFF_MS, this::connect, () -> stopped);
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public String name() {
    return "mqtt";
  }

  @Override
  public boolean available() {
    return up;
  }

  /** Starts with a clean session (nothing from an earlier run), then keeps one; a broker that is down is retried in the background. */
  @Override
  public Future<Void> start(Handler<List<PubSubMessage>> inbound) {
    this.inbound = inbound;
    MqttClient fresh = MqttClient.create(vertx, new MqttClientOptions(options).setCleanSession(true).setWillFlag(false));
    Future<Void> cleaned = fresh.connect(port, host).compose(ack -> fresh.disconnect())
      .recover(e -> Future.succeededFuture());
    return cleaned.compose(v -> connect()).otherwise(failure -> {
      link.lost(String.valueOf(failure.getMessage()));
      reconnects.later();
      return null;
    });
  }

  @Override
  public Future<Void> subscribe(String topic) {
    Connection current = connection;
    if (!up || current == null) {
      return link.unavailable();
    }
    topics.add(topic);
    return current.client.subscribe(mqttTopic(topic), qos.value()).<Void>mapEmpty().recover(e -> {
      topics.remove(topic);
      return link.failed(e);
    });
  }

  @Override
  public Future<Void> unsubscribe(String topic) {
    topics.remove(topic);
    Connection current = connection;
    if (up && !stopped && current != null) {
      current.client.unsubscribe(mqttTopic(topic));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> broadcast(PubSubMessage message) {
    return up ? turns.add(message) : link.unavailable();
  }

  @Override
  public Future<Void> directBroadcast(String node, PubSubMessage message) {
    if (!up) {
      return link.unavailable();
    }
    if (!alive.contains(AdapterLink.hash(node))) {
      return Future.failedFuture(new PubSubException(PubSubFailure.NO_SUCH_NODE, "no node named " + node
        + " is connected to " + link.where()));
    }
    return turns.alone(() -> publish("mn/n/" + AdapterLink.hash(node), List.of(message)));
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    up = false;
    Connection current = connection;
    if (current == null || !current.client.isConnected()) {
      return Future.succeededFuture();
    }
    // a clean stop clears this node's retained presence itself (the will is only for a crash)
    return current.client.publish(ALIVE + AdapterLink.hash(nodeName), Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true)
      .transform(ar -> current.client.disconnect());
  }

  private Future<Void> connect() {
    MqttClient created = MqttClient.create(vertx, options);
    Connection opened = new Connection(created);
    created.publishHandler(this::receive);
    created.publishCompletionHandler(id -> acknowledged(opened, id, null));
    created.publishCompletionExpirationHandler(id -> acknowledged(opened, id, "no acknowledgement from the broker"));
    created.exceptionHandler(e -> { });
    created.closeHandler(v -> lost(opened));
    return created.connect(port, host).compose(ack -> {
      Map<String, Integer> wanted = new HashMap<>();
      wanted.put(ALIVE + "+", 1);
      wanted.put("mn/n/" + AdapterLink.hash(nodeName), qos.value());
      topics.forEach(topic -> wanted.put(mqttTopic(topic), qos.value()));
      return created.subscribe(wanted).compose(id -> created.publish(ALIVE + AdapterLink.hash(nodeName),
        Buffer.buffer(nodeName), MqttQoS.AT_LEAST_ONCE, false, true));
    }).onSuccess(id -> {
      connection = opened;
      up = true;
      reconnects.connected();
      link.back(topics.size() + " topics subscribed");
    }).onFailure(e -> {
      if (created.isConnected()) {
        created.disconnect();
      }
    }).mapEmpty();
  }

  private void receive(MqttPublishMessage message) {
    String topic = message.topicName();
    if (topic.startsWith(ALIVE)) {
      String node = topic.substring(ALIVE.length());
      if (message.payload().length() > 0) {
        alive.add(node);
      } else {
        alive.remove(node);
      }
      return;
    }
    JsonObject carried = new JsonObject(message.payload());
    JsonObject batch = carried.getJsonObject("batch");
    String from = batch.getString("from");
    if (nodeName.equals(from)) {
      return;
    }
    if (!redeliveries.first(from + "\n" + topic, carried.getString("run"), carried.getLong("seq"))) {
      return;
    }
    inbound.handle(Envelopes.messages(batch));
  }

  /** One message per topic; {@link TurnBatches} completes the turns in the order they were made. */
  private Future<Void> send(Map<String, List<PubSubMessage>> turn) {
    if (!up) {
      return link.unavailable();
    }
    List<Future<Void>> published = new ArrayList<>();
    turn.forEach((topic, messages) -> published.add(publish(mqttTopic(topic), messages)));
    Future<Void> acknowledged = Future.all(published).mapEmpty();
    return acknowledged;
  }

  /**
   * One MQTT message carrying the batch with this node's run and the next number; completes on the broker's
   * acknowledgement. On the adapter's context only, so that numbers reach the broker in order.
   */
  private Future<Void> publish(String mqttTopic, List<PubSubMessage> messages) {
    Connection current = connection;
    if (!up || current == null) {
      return link.unavailable();
    }
    Buffer payload = new JsonObject().put("run", run).put("seq", ++seq)
      .put("batch", Envelopes.batch(nodeName, messages.get(0).topic(), messages)).toBuffer();
    Promise<Void> done = Promise.promise();
    current.client.publish(mqttTopic, payload, qos, false, false).onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, link.where() + ": " + ar.cause().getMessage()));
      } else if (qos == MqttQoS.AT_MOST_ONCE || current.early.remove(ar.result())) {
        done.tryComplete();
      } else if (current != connection) {
        done.tryFail(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, link.where() + " went away"));
      } else {
        current.waiting.put(ar.result(), done);
      }
    });
    return done.future();
  }

  /** The broker acknowledged a packet of this connection (or it expired unacknowledged). On the client's context. */
  private void acknowledged(Connection on, int packetId, String failure) {
    Promise<Void> done = on.waiting.remove(packetId);
    if (done == null && failure == null) {
      on.early.add(packetId);
    } else if (done != null && failure == null) {
      done.tryComplete();
    } else if (done != null) {
      done.tryFail(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, link.where() + ": " + failure));
    }
  }

  private void lost(Connection which) {
    if (which != connection || stopped) {
      return;
    }
    up = false;
    connection = null;
    List<Promise<Void>> pending = new ArrayList<>(which.waiting.values());
    which.waiting.clear();
    pending.forEach(p -> p.tryFail(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, link.where() + " went away")));
    link.lost("connection closed");
    reconnects.later();
  }

  private static String mqttTopic(String topic) {
    return "mn/t/" + AdapterLink.hash(topic);
  }
}
