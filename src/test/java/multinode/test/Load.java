package multinode.test;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Load from an operator's scripts on a {@link LanCluster}: chat messages posted over HTTP into one room,
 * pubsub broadcasts over HTTP on one topic, and group reads, round robin over some nodes, in steps of a
 * few requests. It remembers what was acknowledged, so that the deliveries can be counted against it.
 */
public final class Load {

  /** Messages that should have arrived (one per receiver) and those that did. */
  public record Delivery(long sent, long delivered) {

    public long lost() {
      return sent - delivered;
    }

    @Override
    public String toString() {
      return delivered + "/" + sent;
    }
  }

  private final LanCluster cluster;
  private final String room;
  private final String topic;
  private final String group;
  private final int[] targets;
  private final Set<String> chatIds = new ConcurrentSkipListSet<>();
  private final Set<Integer> published = new ConcurrentSkipListSet<>();
  private int step;
  private boolean stopped;

  /**
   * @param targets the nodes posted to, in turn
   */
  public Load(LanCluster cluster, String room, String topic, String group, int... targets) {
    this.cluster = cluster;
    this.room = room;
    this.topic = topic;
    this.group = group;
    this.targets = targets;
  }

  public void runFor(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    Poll.until(duration.plusSeconds(30), "load for " + duration, () -> {
      step();
      return System.nanoTime() >= end;
    });
  }

  /** One chat post, one broadcast and one group read; a refused or failed request is not counted as sent. */
  public void step() {
    if (stopped) {
      return;
    }
    int node = targets[step % targets.length];
    int n = step++;
    try {
      JsonObject stamped = cluster.post(node, "/api/chat/rooms/" + room + "/messages", new JsonObject().put("text", "m" + n));
      chatIds.add(stamped.getString("id"));
    } catch (RuntimeException refused) {
      // the node was going away: the poster saw the failure, so nothing was promised
    }
    try {
      cluster.post(node, "/api/pubsub/" + topic, new JsonObject().put("n", n));
      published.add(n);
    } catch (RuntimeException refused) {
      // as above
    }
    cluster.groupMembers(node, group);
  }

  public void stop() {
    stopped = true;
  }

  /** A chat message said by other means was acknowledged. */
  public void said(String id) {
    chatIds.add(id);
  }

  /** The ids of every acknowledged chat message. */
  public Set<String> said() {
    return chatIds;
  }

  /** Waits until every user has every message posted (15 s at most), then counts. */
  public Delivery awaitChat(List<ChatUser> users) {
    pollQuietly(() -> users.stream().allMatch(u -> u.ids().containsAll(chatIds)));
    long delivered = users.stream().mapToLong(u -> chatIds.stream().filter(u.ids()::contains).count()).sum();
    return new Delivery((long) chatIds.size() * users.size(), delivered);
  }

  /** Waits until every subscriber has every broadcast (15 s at most), then counts. */
  public Delivery awaitPubSub(List<TcpClient> subscribers) {
    pollQuietly(() -> subscribers.stream().allMatch(s -> received(s).containsAll(published)));
    long delivered = subscribers.stream().mapToLong(s -> published.stream().filter(received(s)::contains).count()).sum();
    return new Delivery((long) published.size() * subscribers.size(), delivered);
  }

  private Set<Integer> received(TcpClient subscriber) {
    return subscriber.all(f -> topic.equals(f.getString("address"))).stream()
      .map(f -> f.getJsonObject("body").getInteger("n")).collect(Collectors.toSet());
  }

  private static void pollQuietly(BooleanSupplier condition) {
    try {
      Poll.until(Duration.ofSeconds(15), "every delivery", condition::getAsBoolean);
    } catch (AssertionError | RuntimeException late) {
      // counted as lost by the caller's assertion
    }
  }
}
