package multinode.chat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import multinode.chat.impl.ChatService;
import multinode.node.NodeEvent;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;

/**
 * Wires the chat: once deployed, {@link #chat()} answers and this node knows every node's presences.
 * Node-down events drop that node's sockets from every room.
 */
public final class ChatVerticle extends VerticleBase {

  private final Nodes nodes;
  private final PubSub pubSub;
  private ChatService chat;
  private MessageConsumer<JsonObject> events;

  public ChatVerticle(Nodes nodes, PubSub pubSub) {
    this.nodes = nodes;
    this.pubSub = pubSub;
  }

  /** This node's chat; available once this verticle is deployed. */
  public Chat chat() {
    return chat;
  }

  @Override
  public Future<?> start() {
    chat = new ChatService(vertx, nodes, pubSub);
    events = nodes.events(event -> {
      if (event.type() == NodeEvent.Type.DOWN) {
        chat.nodeDown(event.node().id());
      } else {
        chat.nodeUp(event.node().name());
      }
    });
    return Future.all(events.completion(), chat.start());
  }

  @Override
  public Future<?> stop() {
    return Future.join(events.unregister(), chat.stop());
  }
}
