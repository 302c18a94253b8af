package multinode.pubsub.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import multinode.pubsub.PubSub;
import multinode.pubsub.PubSubAdapter;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubMessage;
import multinode.pubsub.Subscription;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link PubSub} over an adapter: this node's subscribers are kept here and every message, local or
 * arriving, is dispatched here; the adapter is told only when a topic gains its first local subscriber
 * or loses its last, and carries broadcasts to the other nodes.
 */
public final class DispatchingPubSub implements PubSub {

  private final Vertx vertx;
  private final PubSubAdapter adapter;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  /**
   * Broadcasts made here and on their way, in the order they were made. Each reaches this node's
   * subscribers once it and every one before it are settled: the adapter's answers may run their handlers
   * on different threads (the caller's, when the answer came first), and a publisher's own node must see
   * its messages in its order too. Guarded by itself.
   */
  private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();

  private record Outgoing(PubSubMessage message, String exclude, Future<Void> sent) {
  }

  public DispatchingPubSub(Vertx vertx, PubSubAdapter adapter) {
    this.vertx = vertx;
    this.adapter = adapter;
  }

  /** Starts the adapter, which hands arriving messages to the local subscribers. */
  public Future<Void> start() {
    return adapter.start(this::dispatchArrived);
  }

  @Override
  public String adapter() {
    return adapter.name();
  }

  @Override
  public boolean adapterAvailable() {
    return adapter.available();
  }

  /** Stops the adapter. */
  public Future<Void> stop() {
    return adapter.stop();
  }

  /** Messages broadcast from this node so far (every verb, accepted by the adapter). */
  public long published() {
    return published.sum();
  }

  @Override
  public Map<String, Integer> localSubscriptions() {
    Map<String, Integer> counts = new TreeMap<>();
    topics.forEach((topic, state) -> {
      if (!state.subscribers.isEmpty()) {
        counts.put(topic, state.subscribers.size());
      }
    });
    return counts;
  }

  /** Messages handed to this node's subscribers so far, one per subscriber. */
  public long delivered() {
    return delivered.sum();
  }

  @Override
  public Future<Subscription> subscribe(String topic, Handler<PubSubMessage> handler) {
    Objects.requireNonNull(handler, "handler");
    try {
      Topics.check(topic);
    } catch (PubSubException e) {
      return Future.failedFuture(e);
    }
    LocalSubscription subscription = new LocalSubscription(topic, handler, (ContextInternal) vertx.getOrCreateContext());
    Future<Void> interest;
    synchronized (topics) {
      Topic state = topics.computeIfAbsent(topic, t -> new Topic(adapter.subscribe(t)));
      state.subscribers.add(subscription);
      interest = state.interest;
    }
    // a refused interest (e.g. adapter_unavailable) leaves no subscriber behind
    return interest.map(v -> (Subscription) subscription)
      .recover(failure -> unsubscribe(subscription).transform(v -> Future.failedFuture(failure)));
  }

  @Override
  public Future<Void> unsubscribe(Subscription subscription) {
    synchronized (topics) {
      Topic state = topics.get(subscription.topic());
      if (state == null || !state.subscribers.remove(subscription)) {
        return Future.succeededFuture();
      }
      if (!state.subscribers.isEmpty()) {
        return Future.succeededFuture();
      }
      topics.remove(subscription.topic());
    }
    return adapter.unsubscribe(subscription.topic());
  }

  @Override
  public Future<Void> broadcast(String topic, Object message, Map<String, String> headers) {
    return send(topic, message, headers, null, true);
  }

  @Override
  public Future<Void> broadcastFrom(Subscription from, String topic, Object message) {
    return send(topic, message, Map.of(), from.id(), true);
  }

  @Override
  public Future<Void> localBroadcast(String topic, Object message) {
    return send(topic, message, Map.of(), null, false);
  }

  @Override
  public Future<Void> directBroadcast(String node, String topic, Object message) {
    Objects.requireNonNull(node, "node");
    if (node.equals(adapter.nodeName())) {
      return localBroadcast(topic, message);
    }
    try {
      return adapter.directBroadcast(node, new PubSubMessage(Topics.check(topic), message, Map.of(), adapter.nodeName()))
        .onSuccess(v -> published.increment());
    } catch (PubSubException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> send(String topic, Object message, Map<String, String> headers, String exclude, boolean remote) {
    PubSubMessage envelope;
    try {
      envelope = new PubSubMessage(Topics.check(topic), message, headers, adapter.nodeName());
    } catch (PubSubException e) {
      return Future.failedFuture(e);
    }
    if (!remote) {
      published.increment();
      dispatch(envelope, exclude);
      return Future.succeededFuture();
    }
    Future<Void> sent = adapter.broadcast(envelope);
    synchronized (outgoing) {
      outgoing.add(new Outgoing(envelope, exclude, sent));
    }
    return sent.onComplete(settled -> dispatchSettled());
  }

  /**
   * Hands the broadcasts at the head of {@link #outgoing} that are settled to this node's subscribers, in
   * order; one the adapter refused reaches nobody (an unavailable adapter sends nothing anywhere: the caller
   * learns it and nobody gets half a broadcast).
   */
  private void dispatchSettled() {
    synchronized (outgoing) {
      for (Outgoing next = outgoing.peek(); next != null && next.sent().isComplete(); next = outgoing.peek()) {
        outgoing.poll();
        if (next.sent().succeeded()) {
          published.increment();
          dispatch(next.message(), next.exclude());
        }
      }
    }
  }

  /** Messages of one topic from another node: one task per subscriber for the whole run. */
  private void dispatchArrived(List<PubSubMessage> run) {
    Topic state = topics.get(run.get(0).topic());
    if (state != null) {
      state.subscribers.forEach(subscription -> subscription.deliver(run));
    }
  }

  private void dispatch(PubSubMessage message, String exclude) {
    Topic state = topics.get(message.topic());
    if (state == null) {
      return;
    }
    for (LocalSubscription subscription : state.subscribers) {
      if (!subscription.id.equals(exclude)) {
        subscription.deliver(message);
      }
    }
  }

  /** The local subscribers of one topic and the adapter's interest in it. */
  private static final class Topic {
    final List<LocalSubscription> subscribers = new CopyOnWriteArrayList<>();
    final Future<Void> interest;

    Topic(Future<Void> interest) {
      this.interest = interest;
    }
  }

  private final class LocalSubscription implements Subscription {
    private final String topic;
    private final String id = UUID.randomUUID().toString();
    private final Handler<PubSubMessage> handler;
    private final ContextInternal context;

    LocalSubscription(String topic, Handler<PubSubMessage> handler, ContextInternal context) {
      this.topic = topic;
      this.handler = handler;
      this.context = context;
    }

    void deliver(PubSubMessage message) {
      delivered.increment();
      context.runOnContext(v -> handler.handle(message));
    }

    void deliver(List<PubSubMessage> run) {
      delivered.add(run.size());
      context.runOnContext(v -> run.forEach(handler::handle));
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Future<Void> unsubscribe() {
      return DispatchingPubSub.this.unsubscribe(this);
    }
  }
}
