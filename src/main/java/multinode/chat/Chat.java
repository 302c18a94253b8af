package multinode.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Chat rooms across the cluster, on top of pubsub: messages, history and presence.
 * <p>
 * <b>Guarantees.</b>
 * <ol>
 *   <li>The node stamps every message: id, per-room sequence number, epoch, time, sender nickname and
 *       node. Nothing a browser sends can set them.</li>
 *   <li>Each room's history has one authority in the deployment, its store ({@code chat.history.store}:
 *       {@code cluster}, {@code redis}, {@code postgres}, or {@code memory} for a node alone): within an
 *       epoch a room's messages are numbered 1, 2, 3, … without gaps or repeats whichever node they come
 *       through, and {@code (epoch, seq)} names one message. The epoch changes when the numbering could
 *       restart or fork (a store that lost its data, a merge after a partition).</li>
 *   <li>A message is kept before it is sent to anyone; an acknowledged message ({@code {"id","seq","epoch"}}
 *       came back) is in the history. When the store cannot be reached, posting fails at once with
 *       {@link ChatFailure#HISTORY_UNAVAILABLE} and nothing is sent.</li>
 *   <li>A client that joins again with the last {@code seq} and the {@code epoch} it saw gets what it
 *       missed (the newest {@value #HISTORY}, with {@code truncated: true} if there was more), or, when
 *       the epoch changed, the recent history with {@code reset: true}: it must replace what it shows.
 *       When a node finds that the history changed under its sockets (a heal, a message that never
 *       arrived), it sends them {@code {"type":"resync"}} and they join again.</li>
 *   <li>A room message crosses the network once per node with sockets in the room; a socket joining or
 *       leaving writes nothing to the store (presence changes travel as pubsub messages).</li>
 *   <li>Presence follows Phoenix: on join a {@code presence_state}, then {@code presence_diff}s. The
 *       sockets of a node that goes down leave everywhere when the cluster drops it (or, for nodes that
 *       share rooms without a cluster, when it has been silent for a few seconds).</li>
 * </ol>
 */
public interface Chat {

  /** How many messages a join returns at most, and a page of older ones by default. */
  int HISTORY = 100;

  /** The most messages one page of older ones may ask for. */
  int MAX_PAGE = 200;

  /**
   * Opens a session for one browser socket. Room events reach {@code deliver} as (room address, event),
   * on the caller's context.
   */
  ChatSession open(BiConsumer<? super String, ? super JsonObject> deliver);

  /**
   * Posts a message into a room as {@code from} (e.g. a system notice), as if a member had said it.
   *
   * @return {@code {"id","seq","epoch"}} once the message is kept
   */
  Future<JsonObject> post(String room, String from, String text);

  /**
   * Posts a message into a room from another service (a TCP bridge client): marked {@code "service":true},
   * so that a page shows it as a service's, never as a person's or as a notice. {@code from} is checked as a
   * nickname and may not be {@code system} ({@code reserved_nickname}).
   *
   * @return {@code {"id","seq","epoch"}} once the message is kept
   */
  Future<JsonObject> postAsService(String room, String from, String text);

  /**
   * Pages back through a room's history: the newest {@code limit} messages before {@code before} (the
   * newest of all when null), oldest first.
   *
   * @return {@code {"room","epoch","lastSeq","messages":[…],"more":bool}}; {@code more} when older ones are kept
   */
  Future<JsonObject> history(String room, Long before, int limit);

  /** The rooms with someone in them, on any node. */
  Set<String> rooms();

  /** Who is in a room, in Phoenix's {@code presence_state} shape: nickname → {@code {"metas":[…]}}. */
  JsonObject presence(String room);

  /** The history store's name, e.g. {@code postgres}. */
  String historyStore();

  /** Whether the history store can be reached now; when not, posts fail with {@code history_unavailable}. */
  boolean historyAvailable();
}
