package multinode.chat;

/**
 * The chat's addresses. What a bridge client may do with them is {@code multinode.bridge.BridgePermissions}.
 */
public final class ChatAddresses {

  /** Where a browser sends its requests ({@code join}, {@code leave}, {@code say}), with a reply address. */
  public static final String REQUESTS = "multinode.chat.requests";

  /** Room addresses start with this; the rest is the room name. */
  public static final String ROOM_PREFIX = "multinode.chat.room.";

  /** The pubsub topic the nodes exchange presence changes on (never reachable from a browser). */
  public static final String PRESENCE_TOPIC = "multinode.chat.presence";

  private ChatAddresses() {
  }

  /** The address a room's messages and presence events are delivered on. */
  public static String room(String room) {
    return ROOM_PREFIX + room;
  }
}
