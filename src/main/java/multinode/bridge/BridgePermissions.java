package multinode.bridge;

import multinode.chat.ChatAddresses;
import multinode.chat.ChatRules;
import multinode.groups.GroupAddresses;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a TCP bridge client may reach, in one place. Deny by default: an address that none of these
 * rules names gets {@code access_denied}. Invoke, the nodes' internal addresses and the groups'
 * replication never appear here.
 * <ul>
 *   <li>a chat room, {@code multinode.chat.room.<room>}: register to receive its events, publish or send
 *       {@code {"from","text"}} to say something in it (stamped and kept in its history like any message);</li>
 *   <li>a pubsub topic starting with one of {@code bridge.topicPrefixes}: register to subscribe, publish
 *       or send a JSON object to broadcast it;</li>
 *   <li>the groups request API, {@link GroupAddresses#API}: send with a reply address.</li>
 * </ul>
 */
public final class BridgePermissions {

  /** What an address is to the bridge. */
  public enum Kind { CHAT_ROOM, TOPIC, GROUPS_API, DENIED }

  private static final Pattern ROOM = Pattern.compile(Pattern.quote(ChatAddresses.ROOM_PREFIX) + "(" + ChatRules.ROOM_PATTERN + ")");

  private final List<String> topicPrefixes;

  public BridgePermissions(List<String> topicPrefixes) {
    this.topicPrefixes = List.copyOf(topicPrefixes);
  }

  public Kind kind(String address) {
    if (ROOM.matcher(address).matches()) {
      return Kind.CHAT_ROOM;
    }
    if (address.equals(GroupAddresses.API)) {
      return Kind.GROUPS_API;
    }
    return topicPrefixes.stream().anyMatch(address::startsWith) ? Kind.TOPIC : Kind.DENIED;
  }

  /** The room a chat-room address names. */
  public static String room(String address) {
    Matcher matcher = ROOM.matcher(address);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a room address: " + address);
    }
    return matcher.group(1);
  }
}
