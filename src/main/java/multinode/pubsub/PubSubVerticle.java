package multinode.pubsub;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.VerticleBase;
import multinode.config.PubSubSettings;
import multinode.node.Nodes;
import multinode.pubsub.adapter.eventbus.EventBusAdapter;
import multinode.pubsub.adapter.mqtt.MqttAdapter;
import multinode.pubsub.adapter.postgres.PostgresAdapter;
import multinode.pubsub.adapter.rabbitmq.RabbitMqAdapter;
import multinode.pubsub.adapter.redis.RedisAdapter;
import multinode.pubsub.impl.DispatchingPubSub;
import multinode.pubsub.impl.PubSubBusApi;

/**
 * Wires the pubsub capability over the adapter the config names ({@code pubsub.adapter}); once
 * deployed, {@link #pubSub()} answers.
 */
public final class PubSubVerticle extends VerticleBase {

  private final PubSubSettings settings;
  private final Nodes nodes;
  private DispatchingPubSub pubSub;
  private MessageConsumer<JsonObject> api;

  public PubSubVerticle(PubSubSettings settings, Nodes nodes) {
    this.settings = settings;
    this.nodes = nodes;
  }

  /** This node's pubsub; available once this verticle is deployed. */
  public PubSub pubSub() {
    return pubSub;
  }

  /** Messages broadcast from this node so far. */
  public long published() {
    return pubSub.published();
  }

  /** Messages handed to this node's subscribers so far, one per subscriber. */
  public long delivered() {
    return pubSub.delivered();
  }

  @Override
  public Future<?> start() {
    PubSubAdapter adapter = switch (settings.adapter()) {
      case PubSubSettings.REDIS -> new RedisAdapter(vertx, nodes.self().name(), settings.redisUrl());
      case PubSubSettings.POSTGRES -> new PostgresAdapter(vertx, nodes.self().name(), settings.postgresUrl());
      case PubSubSettings.RABBITMQ -> new RabbitMqAdapter(vertx, nodes.self().name(), settings.rabbitmqUrl());
      case PubSubSettings.MQTT -> new MqttAdapter(vertx, nodes.self().name(), settings.mqttUrl(), settings.mqttQos());
      default -> new EventBusAdapter(vertx, nodes);
    };
    pubSub = new DispatchingPubSub(vertx, adapter);
    return pubSub.start().compose(v -> PubSubBusApi.register(vertx, pubSub)).onSuccess(consumer -> api = consumer);
  }

  @Override
  public Future<?> stop() {
    return Future.join(api == null ? Future.succeededFuture() : api.unregister(), pubSub.stop());
  }
}
