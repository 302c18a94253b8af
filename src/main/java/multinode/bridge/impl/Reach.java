package multinode.bridge.impl;

import io.vertx.core.eventbus.EventBus;
import multinode.chat.Chat;
import multinode.dashboard.Dashboard;
import multinode.pubsub.PubSub;

/**
 * The capabilities a bridge's endpoints act on; which of them a client reaches is its policy's
 * ({@code BridgePermissions}).
 */
public record Reach(PubSub pubSub, Chat chat, Dashboard dashboard, EventBus eventBus) {
}
