package multinode.pubsub.adapter.eventbus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import multinode.node.Nodes;
import multinode.pubsub.PubSubAdapter;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubFailure;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.impl.Envelopes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default adapter: the clustered Vert.x event bus.
 * <p>
 * A node interested in a topic registers one consumer at {@code multinode.pubsub.topic.<topic>}; a
 * clustered publish to that address reaches each such node once. Broadcasts made in one event-loop
 * turn are sent together, one message per topic: {@code {"from": node, "messages": [...]}}, which
 * keeps their order and costs a burst of broadcasts a handful of network writes. Each publishing
 * context has its own batch, sent from that context when its current task ends: one publisher's
 * messages leave in order, and none waits for another thread. Direct broadcasts go to the named node's
 * {@code multinode.pubsub.<nodeId>.direct}.
 */
public final class EventBusAdapter implements PubSubAdapter {

  private static final String TOPIC_PREFIX = "multinode.pubsub.topic.";
  private static final int MAX_BATCH = 1_000;

  private final Vertx vertx;
  private final Nodes nodes;
  private final Map<String, MessageConsumer<JsonObject>> consumers = new ConcurrentHashMap<>();
  private Handler<List<PubSubMessage>> inbound;
  private MessageConsumer<JsonObject> direct;

  public EventBusAdapter(Vertx vertx, Nodes nodes) {
    this.vertx = vertx;
    this.nodes = nodes;
  }

  @Override
  public String nodeName() {
    return nodes.self().name();
  }

  @Override
  public String name() {
    return "eventbus";
  }

  @Override
  public Future<Void> start(Handler<List<PubSubMessage>> inbound) {
    this.inbound = inbound;
    direct = vertx.eventBus().consumer(directAddress(nodes.self().id()), msg -> receive(msg.body()));
    return direct.completion();
  }

  @Override
  public Future<Void> subscribe(String topic) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(TOPIC_PREFIX + topic, msg -> receive(msg.body()));
    consumers.put(topic, consumer);
    return consumer.completion();
  }

  @Override
  public Future<Void> unsubscribe(String topic) {
    MessageConsumer<JsonObject> consumer = consumers.remove(topic);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  @Override
  public Future<Void> broadcast(PubSubMessage message) {
    if (nodes.clustered()) {
      ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
      ((Outbox) context.contextData().computeIfAbsent(this, key -> new Outbox(context))).add(message);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> directBroadcast(String node, PubSubMessage message) {
    return nodes.byName(node)
      .map(target -> {
        vertx.eventBus().send(directAddress(target.id()), batch(message.topic(), List.of(message)));
        return Future.<Void>succeededFuture();
      })
      .orElseGet(() -> Future.failedFuture(new PubSubException(PubSubFailure.NO_SUCH_NODE, "no node named " + node)));
  }

  @Override
  public Future<Void> stop() {
    List<Future<Void>> unregistered = new ArrayList<>();
    consumers.values().forEach(c -> unregistered.add(c.unregister()));
    if (direct != null) {
      unregistered.add(direct.unregister());
    }
    return Future.join(unregistered).mapEmpty();
  }

  /** One context's broadcasts not sent yet, sent as one message per topic after its current task. */
  private final class Outbox {
    private final ContextInternal context;
    private Map<String, List<PubSubMessage>> pending = new LinkedHashMap<>();

    Outbox(ContextInternal context) {
      this.context = context;
    }

    synchronized void add(PubSubMessage message) {
      if (pending.isEmpty()) {
        context.runOnContext(v -> flush());
      }
      pending.computeIfAbsent(message.topic(), t -> new ArrayList<>()).add(message);
    }

    private void flush() {
      Map<String, List<PubSubMessage>> batch;
      synchronized (this) {
        batch = pending;
        pending = new LinkedHashMap<>();
      }
      batch.forEach((topic, messages) -> {
        for (int from = 0; from < messages.size(); from += MAX_BATCH) {
          List<PubSubMessage> part = messages.subList(from, Math.min(messages.size(), from + MAX_BATCH));
          vertx.eventBus().publish(TOPIC_PREFIX + topic, batch(topic, part));
        }
      });
    }
  }

  private JsonObject batch(String topic, List<PubSubMessage> messages) {
    return Envelopes.batch(nodeName(), topic, messages);
  }


  private void receive(JsonObject batch) {
    // this node's own broadcasts were dispatched here already
    if (!batch.getString("from").equals(nodeName())) {
      inbound.handle(Envelopes.messages(batch));
    }
  }


  private static String directAddress(String nodeId) {
    return "multinode.pubsub." + nodeId + ".direct";
  }
}
