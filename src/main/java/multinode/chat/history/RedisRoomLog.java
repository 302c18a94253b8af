package multinode.chat.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code redis} store: each room's epoch, last number and newest {@code chat.history.limit} messages
 * in the Redis server that the pubsub adapter uses, shared by every node. Two keys per room,
 * {@code multinode:chat:{<room>}:head} (a hash: {@code epoch}, {@code seq}) and
 * {@code multinode:chat:{<room>}:messages} (a list, capped), in one hash slot. An append is one Lua
 * script: Redis runs it alone, so numbering, stamping, keeping and capping happen as one step whichever
 * node sent it; a read is another script, so its slice and the room's bounds are of one moment. A Redis
 * that lost its data (restarted without persistence) starts each room under a new epoch.
 */
public final class RedisRoomLog implements RoomLog {

  /** KEYS: head, messages. ARGV: epoch for a new history, limit, drafts… Returns {epoch, last seq}. (Public for the benchmark's floor.) */
  public static final String APPEND = """
    local epoch = redis.call('HGET', KEYS[1], 'epoch')
    if not epoch then
      epoch = ARGV[1]
      redis.call('DEL', KEYS[2])
      redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
    end
    local n = #ARGV - 2
    local last = redis.call('HINCRBY', KEYS[1], 'seq', n)
    local stamped = {}
    for i = 1, n do
      local draft = ARGV[i + 2]
      stamped[i] = string.sub(draft, 1, -2) .. ',"seq":' .. string.format('%d', last - n + i) .. ',"epoch":"' .. epoch .. '"}'
    end
    redis.call('RPUSH', KEYS[2], unpack(stamped))
    redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
    return {epoch, last}
    """;

  /** KEYS: head, messages. ARGV: after, before, limit. Returns {epoch or '', last seq, first seq kept, {messages}}. */
  static final String READ = """
    local head = redis.call('HMGET', KEYS[1], 'epoch', 'seq')
    local last = tonumber(head[2] or '0')
    local first = last - redis.call('LLEN', KEYS[2]) + 1
    local hi = math.min(last, tonumber(ARGV[2]) - 1)
    local lo = math.max(first, tonumber(ARGV[1]) + 1, hi - tonumber(ARGV[3]) + 1)
    local messages = {}
    if hi >= lo then
      messages = redis.call('LRANGE', KEYS[2], lo - first, hi - first)
    end
    return {head[1] or '', last, first, messages}
    """;

  private static final String APPEND_SHA = sha1(APPEND);
  private static final String READ_SHA = sha1(READ);

  private final Redis client;
  private final StoreLink link;
  private final int limit;

  /** Call from the chat's context. */
  public RedisRoomLog(Vertx vertx, String url, int limit) {
    RedisOptions options = new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(4096);
    options.getNetClientOptions().setConnectTimeout(2_000);
    this.client = Redis.createClient(vertx, options);
    this.limit = limit;
    this.link = new StoreLink(vertx, "redis at " + hostAndPort(url),
      () -> client.send(Request.cmd(Command.PING)).mapEmpty(),
      failure -> !(failure instanceof ErrorType error) || error.is("LOADING"));
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Future<Void> start() {
    return link.start();
  }

  @Override
  public Future<Void> stop() {
    link.stop();
    client.close();
    return Future.succeededFuture();
  }

  @Override
  public boolean available() {
    return link.up();
  }

  @Override
  public Future<List<JsonObject>> append(String room, List<JsonObject> drafts) {
    List<String> args = new ArrayList<>(List.of(RoomHistory.newEpoch(), String.valueOf(limit)));
    drafts.forEach(draft -> args.add(draft.encode()));
    return link.call(() -> script(APPEND, APPEND_SHA, room, args))
      .map(head -> Drafts.stamped(drafts, head.get(0).toString(), head.get(1).toLong()));
  }

  @Override
  public Future<Slice> read(String room, long after, long before, int limit) {
    List<String> args = List.of(String.valueOf(after), String.valueOf(before), String.valueOf(limit));
    return link.call(() -> script(READ, READ_SHA, room, args)).map(reply -> {
      List<JsonObject> messages = new ArrayList<>();
      reply.get(3).forEach(message -> messages.add(new JsonObject(message.toBuffer())));
      String epoch = reply.get(0).toString();
      return new Slice(epoch.isEmpty() ? null : epoch, reply.get(1).toLong(), reply.get(2).toLong(), messages);
    });
  }

  /** Runs a script by its digest; a Redis that does not know it yet (new, or restarted) gets its text once. */
  private Future<Response> script(String text, String sha, String room, List<String> args) {
    return client.send(call(Command.EVALSHA, sha, room, args)).recover(failure ->
      failure instanceof ErrorType error && error.is("NOSCRIPT")
        ? client.send(call(Command.EVAL, text, room, args))
        : Future.failedFuture(failure));
  }

  private static Request call(Command command, String script, String room, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(2)
      .arg("multinode:chat:{" + room + "}:head").arg("multinode:chat:{" + room + "}:messages");
    args.forEach(request::arg);
    return request;
  }

  private static String hostAndPort(String url) {
    URI uri = URI.create(url);
    return (uri.getHost() == null ? "localhost" : uri.getHost()) + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort());
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
