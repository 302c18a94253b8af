package multinode.chat;

import java.util.regex.Pattern;

/**
 * The chat's addresses. These, and only these, are what a browser may use over the SockJS bridge:
 * inbound (browser → node) the one request address {@link #REQUESTS}; outbound (node → browser) the
 * room addresses {@code multinode.chat.room.<room>}. Everything else is denied.
 */
public final class ChatAddresses {

  /** Where a browser sends its requests ({@code join}, {@code leave}, {@code say}), with a reply address. */
  public static final String REQUESTS = "multinode.chat.requests";

  /** Room addresses start with this; the rest is the room name. */
  public static final String ROOM_PREFIX = "multinode.chat.room.";

  /** The pubsub topic the nodes exchange presence changes on (never reachable from a browser). */
  public static final String PRESENCE_TOPIC = "multinode.chat.presence";

  private static final Pattern ROOM_ADDRESS = Pattern.compile(Pattern.quote(ROOM_PREFIX) + ChatRules.ROOM_PATTERN);

  private ChatAddresses() {
  }

  /** The address a room's messages and presence events are delivered on. */
  public static String room(String room) {
    return ROOM_PREFIX + room;
  }

  /** Whether a browser may send to this address. */
  public static boolean inboundPermitted(String address) {
    return REQUESTS.equals(address);
  }

  /** Whether a browser may register a handler on this address. */
  public static boolean outboundPermitted(String address) {
    return address != null && ROOM_ADDRESS.matcher(address).matches();
  }
}
