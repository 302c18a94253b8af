package multinode.bridge;

import multinode.Topics;
import multinode.chat.ChatAddresses;
import multinode.chat.ChatRules;
import multinode.dashboard.DashboardAddresses;
import multinode.groups.GroupAddresses;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a bridge client may reach, in one place, as three policies. Deny by default: an address that a
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
 *   <li>the groups request API, {@link GroupAddresses#API}: send with a reply address;</li>
 *   <li>the dashboard, read-only: register its streams ({@link DashboardAddresses#STREAMS}), send to
 *       {@link DashboardAddresses#SNAPSHOT} with a reply address.</li>
 * </ul>
 * {@link #dashboard()}, for the dashboard page's bridge on the operator listener: the dashboard's streams
 * and snapshot, read-only, and nothing else (no chat, no topic, no group, no task).
 */
public final class BridgePermissions {

  /** What an address is to a client, for one kind of frame; {@link #DENIED} when the policy does not allow it. */
  public enum Access { CHAT_REQUESTS, CHAT_ROOM, TOPIC, GROUPS_API, DASHBOARD_SNAPSHOT, DASHBOARD_STREAM, DENIED }

  private enum Kind { BROWSER, SERVICE, DASHBOARD }

  private static final Pattern ROOM = Pattern.compile(Pattern.quote(ChatAddresses.ROOM_PREFIX) + "(" + ChatRules.ROOM_PATTERN + ")");

  private final Kind kind;
  /** Empty but for the service policy. */
  private final List<String> topicPrefixes;

  private BridgePermissions(Kind kind, List<String> topicPrefixes) {
    this.kind = kind;
    this.topicPrefixes = topicPrefixes;
  }

  /** The browser policy. */
  public static BridgePermissions browser() {
    return new BridgePermissions(Kind.BROWSER, List.of());
  }

  /** The service policy: rooms, topics under these prefixes, the groups API, the dashboard read-only. */
  public static BridgePermissions service(List<String> topicPrefixes) {
    return new BridgePermissions(Kind.SERVICE, List.copyOf(topicPrefixes));
  }

  /** The dashboard policy: its streams and its snapshot. */
  public static BridgePermissions dashboard() {
    return new BridgePermissions(Kind.DASHBOARD, List.of());
  }

  /** What a {@code register} of this address reaches. */
  public Access register(String address) {
    if (kind != Kind.BROWSER && DashboardAddresses.STREAMS.contains(address)) {
      return Access.DASHBOARD_STREAM;
    }
    if (kind == Kind.DASHBOARD) {
      return Access.DENIED;
    }
    if (ROOM.matcher(address).matches()) {
      return Access.CHAT_ROOM;
    }
    return topic(address) ? Access.TOPIC : Access.DENIED;
  }

  /** What a {@code send} to this address reaches. */
  public Access send(String address) {
    if (kind != Kind.BROWSER && address.equals(DashboardAddresses.SNAPSHOT)) {
      return Access.DASHBOARD_SNAPSHOT;
    }
    return switch (kind) {
      case BROWSER -> address.equals(ChatAddresses.REQUESTS) ? Access.CHAT_REQUESTS : Access.DENIED;
      case SERVICE -> publish(address);
      case DASHBOARD -> Access.DENIED;
    };
  }

  /** What a {@code publish} to this address reaches. */
  public Access publish(String address) {
    if (kind != Kind.SERVICE) {
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
    return kind == Kind.SERVICE && !Topics.internal(address) && topicPrefixes.stream().anyMatch(address::startsWith);
  }
}
