package multinode.bridge.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import multinode.Failures;
import multinode.bridge.BridgePermissions;
import multinode.bridge.BridgePermissions.Access;
import multinode.chat.Chat;
import multinode.groups.GroupAddresses;
import multinode.pubsub.PubSub;

import java.util.function.BiConsumer;

/**
 * A service's endpoints: a registration is a pubsub subscription (a chat room's address is its topic) or
 * a dashboard stream; a room is said in through the chat, a topic broadcast to, the groups API asked over
 * the event bus, the dashboard's snapshot asked of it.
 */
final class ServiceEndpoints implements Endpoints {

  private final PubSub pubSub;
  private final Chat chat;
  private final EventBus eventBus;
  private final BiConsumer<String, Object> deliver;
  private final DashboardEndpoints dashboard;

  ServiceEndpoints(Reach reach, BiConsumer<String, Object> deliver) {
    this.pubSub = reach.pubSub();
    this.chat = reach.chat();
    this.eventBus = reach.eventBus();
    this.deliver = deliver;
    this.dashboard = new DashboardEndpoints(reach.dashboard(), deliver);
  }

  @Override
  public Future<Runnable> register(Access access, String address) {
    if (access == Access.DASHBOARD_STREAM) {
      return dashboard.register(access, address);
    }
    return pubSub.subscribe(address, message -> deliver.accept(address,
        message.body() instanceof Buffer buffer ? buffer.toString() : message.body()))
      .map(subscription -> () -> pubSub.unsubscribe(subscription));
  }

  @Override
  public Future<?> send(Access access, String address, Object body, boolean wantsReply) {
    if (access == Access.DASHBOARD_SNAPSHOT) {
      return dashboard.send(access, address, body, wantsReply);
    }
    if (!(body instanceof JsonObject json)) {
      return Future.failedFuture(Failures.badRequest("invalid_body"));
    }
    return switch (access) {
      case CHAT_ROOM -> chat.postAsService(BridgePermissions.room(address), json.getValue("from") instanceof String from ? from : "service",
        json.getValue("text") instanceof String text ? text : null);
      case TOPIC -> pubSub.broadcast(address, json).map(v -> null);
      case GROUPS_API -> groups(json, wantsReply);
      case DASHBOARD_SNAPSHOT, DASHBOARD_STREAM, CHAT_REQUESTS, DENIED -> Future.failedFuture(Failures.badRequest("access_denied"));
    };
  }

  @Override
  public void close() {
  }

  private Future<?> groups(JsonObject request, boolean wantsReply) {
    if (!wantsReply) {
      eventBus.send(GroupAddresses.API, request);
      return Future.succeededFuture();
    }
    return eventBus.request(GroupAddresses.API, request).map(reply -> reply.body());
  }
}
