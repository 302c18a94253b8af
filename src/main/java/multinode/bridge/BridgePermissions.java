package multinode.bridge;

import multinode.Topics;
import multinode.chat.ChatAddresses;
import multinode.chat.ChatRules;
import multinode.groups.GroupAddresses;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a bridge client may reach, in one place, as two policies. Deny by default: an address that a
 * policy does not name gets {@code access_denied}. Invoke, the nodes' internal addresses, the groups'
 * replication and the presence topic never appear here.
 * <p>
 * {@link #browser()}, for the SockJS bridge:
 * <ul>
 *   <li>send (with a reply address) to {@link ChatAddresses#REQUESTS}: join, leave, say, history;</li>
 *   <li>register a room address, {@code multinode.chat.room.<room>}: its events reach the socket from its
 *       join to its leave;</li>
 *   <li>nothing to publish: messages go through requests, so that the node stamps them.</li>
 * </ul>
 * {@link #service(List)}, for the TCP bridge:
 * <ul>
 *   <li>a chat room, {@code multinode.chat.room.<room>}: register to receive its messages, publish or send
 *       {@code {"from","text"}} to say something in it (stamped and kept in its history like any message);</li>
 *   <li>a pubsub topic starting with one of {@code bridge.topicPrefixes}, never one of the capabilities'
 *       own ({@link Topics#internal}): register to subscribe, publish or send a JSON object to broadcast it;</li>
 *   <li>the groups request API, {@link GroupAddresses#API}: send with a reply address.</li>
 * </ul>
 */
public final class BridgePermissions {

  /** What an address is to a client, for one kind of frame; {@link #DENIED} when the policy does not allow it. */
  public enum Access { CHAT_REQUESTS, CHAT_ROOM, TOPIC, GROUPS_API, DENIED }

  private static final Pattern ROOM = Pattern.compile(Pattern.quote(ChatAddresses.ROOM_PREFIX) + "(" + ChatRules.ROOM_PATTERN + ")");

  /** Null for the browser policy. */
  private final List<String> topicPrefixes;

  private BridgePermissions(List<String> topicPrefixes) {
    this.topicPrefixes = topicPrefixes;
  }

  /** The browser policy. */
  public static BridgePermissions browser() {
    return new BridgePermissions(null);
  }

  /** The service policy: rooms, topics under these prefixes, the groups API. */
  public static BridgePermissions service(List<String> topicPrefixes) {
    return new BridgePermissions(List.copyOf(topicPrefixes));
  }

  /** What a {@code register} of this address reaches. */
  public Access register(String address) {
    if (ROOM.matcher(address).matches()) {
      return Access.CHAT_ROOM;
    }
    return topic(address) ? Access.TOPIC : Access.DENIED;
  }

  /** What a {@code send} to this address reaches. */
  public Access send(String address) {
    if (topicPrefixes == null) {
      return address.equals(ChatAddresses.REQUESTS) ? Access.CHAT_REQUESTS : Access.DENIED;
    }
    return publish(address);
  }

  /** What a {@code publish} to this address reaches. */
  public Access publish(String address) {
    if (topicPrefixes == null) {
      return Access.DENIED;
    }
    if (ROOM.matcher(address).matches()) {
      return Access.CHAT_ROOM;
    }
    if (address.equals(GroupAddresses.API)) {
      return Access.GROUPS_API;
    }
    return topic(address) ? Access.TOPIC : Access.DENIED;
  }

  /** The room a chat-room address names. */
  public static String room(String address) {
    Matcher matcher = ROOM.matcher(address);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a room address: " + address);
    }
    return matcher.group(1);
  }

  private boolean topic(String address) {
    return topicPrefixes != null && !Topics.internal(address) && topicPrefixes.stream().anyMatch(address::startsWith);
  }
}
