package multinode.bridge.impl;

import multinode.bridge.BridgePermissions;
import multinode.chat.Chat;
import multinode.dashboard.Dashboard;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What one browser bridge lets its sockets do, whichever way they came (SockJS or the raw WebSocket): the
 * chat page's ({@link #chat}) or the dashboard's ({@link #dashboard}, read-only).
 */
public final class BrowserPolicy {

  /** The largest frame a browser may send. */
  static final int MAX_FRAME_BYTES = 16 * 1024;
  /** Addresses (rooms) one socket may register. */
  static final int MAX_REGISTRATIONS = 20;
  /** Characters that may wait for one socket's client before it is dropped as a slow consumer. */
  static final long MAX_WAITING_CHARS = 1024 * 1024;
  /** A socket silent this long is closed. */
  public static final long IDLE_TIMEOUT_MS = 10_000;
  /**
   * A WebSocket sent deliveries more often than every half of this is written at most once this often
   * ({@link WebSocketWrites}): in a busy room, a few messages share each {@code write()}. A reply, the
   * first delivery after a quiet window, and every delivery to a socket sent fewer, do not wait. 100 ms:
   * a socket sent 25 messages a second gets two or three in a {@code write()}, each at most 100 ms late,
   * where a window of 50 ms let every one of them go in a {@code write()} of its own (bench/README.md).
   */
  public static final Duration WRITE_WINDOW = Duration.ofMillis(100);
  /**
   * Characters of deliveries a socket's write window holds at most: with this much, it is written at
   * once. A bigger write saves nothing more, and what a window holds stays far below
   * {@link #MAX_WAITING_CHARS}: a client that reads is never taken for a slow consumer for it.
   */
  public static final int MAX_HELD_CHARS = 64 * 1024;

  private static final BridgeSocket.Limits LIMITS = new BridgeSocket.Limits(MAX_FRAME_BYTES, MAX_REGISTRATIONS, MAX_WAITING_CHARS);

  private final BridgePermissions permissions;
  private final Function<BiConsumer<String, Object>, Endpoints> endpoints;

  private BrowserPolicy(BridgePermissions permissions, Function<BiConsumer<String, Object>, Endpoints> endpoints) {
    this.permissions = permissions;
    this.endpoints = endpoints;
  }

  /** The chat page's: {@link BridgePermissions#browser()}, rooms through the chat. */
  public static BrowserPolicy chat(Chat chat) {
    return new BrowserPolicy(BridgePermissions.browser(), deliver -> new BrowserEndpoints(chat, deliver));
  }

  /** The dashboard's: {@link BridgePermissions#dashboard()}, read-only. */
  public static BrowserPolicy dashboard(Dashboard dashboard) {
    return new BrowserPolicy(BridgePermissions.dashboard(), deliver -> new DashboardEndpoints(dashboard, deliver));
  }

  /** A client over {@code transport}, with this policy; call on the socket's context. */
  BridgeSocket socket(BridgeSocket.Transport transport, Frames frames, BridgeCounters counters) {
    return new BridgeSocket(transport, permissions, LIMITS, frames, counters, null, endpoints);
  }
}
