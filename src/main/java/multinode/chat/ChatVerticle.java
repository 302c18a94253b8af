package multinode.chat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import multinode.chat.history.RoomLog;
import multinode.chat.history.RoomLogs;
import multinode.chat.impl.ChatService;
import multinode.config.ChatSettings;
import multinode.config.ConfigException;
import multinode.config.PubSubSettings;
import multinode.node.NodeEvent;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;

/**
 * Wires the chat: picks the history store ({@code chat.history.store}), and once deployed, {@link #chat()}
 * answers and this node knows every node's presences. Node-down events drop that node's sockets from
 * every room. A store that cannot serve this deployment fails the deployment with a
 * {@link ConfigException}; a store whose server is down does not (posts are refused until it is back).
 */
public final class ChatVerticle extends VerticleBase {

  private final ChatSettings settings;
  private final PubSubSettings pubSubSettings;
  private final Nodes nodes;
  private final PubSub pubSub;
  private ChatService chat;
  private MessageConsumer<JsonObject> events;

  public ChatVerticle(ChatSettings settings, PubSubSettings pubSubSettings, Nodes nodes, PubSub pubSub) {
    this.settings = settings;
    this.pubSubSettings = pubSubSettings;
    this.nodes = nodes;
    this.pubSub = pubSub;
  }

  /** This node's chat; available once this verticle is deployed. */
  public Chat chat() {
    return chat;
  }

  @Override
  public Future<?> start() {
    RoomLog history;
    try {
      history = RoomLogs.create(vertx, settings, pubSubSettings);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    chat = new ChatService(vertx, nodes, pubSub, history);
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
