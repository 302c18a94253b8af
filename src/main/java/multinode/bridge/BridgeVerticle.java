package multinode.bridge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import multinode.bridge.impl.TcpBridge;
import multinode.chat.Chat;
import multinode.config.BridgeSettings;
import multinode.pubsub.PubSub;

/**
 * The TCP event-bus bridge for services in any language ({@code bridge.port}; 0 turns it off). What a
 * client may reach is listed in {@link BridgePermissions}.
 */
public final class BridgeVerticle extends VerticleBase {

  private final BridgeSettings settings;
  private final PubSub pubSub;
  private final Chat chat;
  private TcpBridge bridge;

  public BridgeVerticle(BridgeSettings settings, PubSub pubSub, Chat chat) {
    this.settings = settings;
    this.pubSub = pubSub;
    this.chat = chat;
  }

  @Override
  public Future<?> start() {
    if (!settings.enabled()) {
      return Future.succeededFuture();
    }
    return TcpBridge.listen(vertx, settings, pubSub, chat)
      .onSuccess(listening -> bridge = listening)
      .recover(e -> Future.failedFuture(new IllegalStateException("the TCP bridge cannot listen on "
        + settings.host() + ":" + settings.port() + " (bridge.port): " + e.getMessage(), e)));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }

  /** How many clients the bridge closed so far because they stopped reading. */
  public long slowConsumersClosed() {
    return bridge == null ? 0 : bridge.slowConsumersClosed();
  }

  /** How many frames the bridge refused with an {@code err} frame so far. */
  public long rejected() {
    return bridge == null ? 0 : bridge.rejected();
  }

  /** How many clients are connected to the bridge. */
  public int clients() {
    return bridge == null ? 0 : bridge.clients();
  }

  /** The port the bridge listens on, or 0 when it is off. */
  public int port() {
    return bridge == null ? 0 : bridge.port();
  }
}
