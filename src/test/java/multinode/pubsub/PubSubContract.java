package multinode.pubsub;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link PubSub} promises, run unchanged against every adapter: {@link #node(int)} 0 publishes,
 * and every node (at least two) subscribes.
 */
abstract class PubSubContract {

  /** The nodes under test, at least two. */
  abstract List<Multinode> nodes();

  PubSub node(int index) {
    return nodes().get(index).pubSub();
  }

  String nodeName(int index) {
    return nodes().get(index).nodes().self().name();
  }

  int nodeCount() {
    return nodes().size();
  }

  private static String topic() {
    return "topic-" + UUID.randomUUID();
  }

  static JsonObject msg(Object n) {
    return new JsonObject().put("n", n);
  }

  private List<Object> subscribe(int node, String topic) {
    List<Object> inbox = new CopyOnWriteArrayList<>();
    await(node(node).subscribe(topic, m -> inbox.add(m.body() instanceof JsonObject json ? json.getValue("n") : m.body())));
    return inbox;
  }

  private static void eventually(String what, java.util.function.BooleanSupplier condition) {
    Poll.until(Duration.ofSeconds(15), what, condition);
  }

  /** Broadcasts a marker and waits until every inbox got it: whatever was sent before has arrived. */
  private void settle(String topic, List<List<Object>> inboxes) {
    String marker = "marker-" + UUID.randomUUID();
    await(node(0).broadcast(topic, msg(marker)));
    eventually("every subscriber got the marker", () -> inboxes.stream().allMatch(i -> i.contains(marker)));
    inboxes.forEach(i -> i.remove(marker));
  }

  @Test
  void aBroadcastReachesEverySubscriberOnEveryNodeOnce() {
    String topic = topic();
    List<List<Object>> inboxes = new ArrayList<>();
    inboxes.add(subscribe(0, topic));
    for (int i = 0; i < nodeCount(); i++) {
      inboxes.add(subscribe(i, topic));
    }

    await(node(0).broadcast(topic, msg(1)));
    settle(topic, inboxes);

    inboxes.forEach(inbox -> assertThat(inbox).containsExactly(1));
  }

  @Test
  void broadcastFromLeavesOutExactlyTheSender() {
    String topic = topic();
    List<Object> sender = new CopyOnWriteArrayList<>();
    Subscription self = await(node(0).subscribe(topic, m -> sender.add(m.json().getValue("n"))));
    List<Object> sibling = subscribe(0, topic);
    List<Object> remote = subscribe(1, topic);

    await(node(0).broadcastFrom(self, topic, msg("hi")));
    settle(topic, List.of(sibling, remote));

    assertThat(sibling).containsExactly("hi");
    assertThat(remote).containsExactly("hi");
    assertThat(sender).doesNotContain("hi");
  }

  @Test
  void localBroadcastNeverLeavesTheNode() {
    String topic = topic();
    List<Object> local = subscribe(0, topic);
    List<Object> remote = subscribe(1, topic);

    await(node(0).localBroadcast(topic, msg("local")));
    settle(topic, List.of(local, remote));

    assertThat(local).containsExactly("local");
    assertThat(remote).isEmpty();
  }

  @Test
  void directBroadcastReachesOnlyTheNamedNode() {
    String topic = topic();
    List<Object> publisherSide = subscribe(0, topic);
    List<Object> target = subscribe(1, topic);

    await(node(0).directBroadcast(nodeName(1), topic, msg("for you")));
    settle(topic, List.of(publisherSide, target));

    assertThat(target).containsExactly("for you");
    assertThat(publisherSide).isEmpty();
    assertThatThrownBy(() -> await(node(0).directBroadcast("nobody@nowhere", topic, msg(1))))
      .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.failure()).isEqualTo(PubSubFailure.NO_SUCH_NODE));
  }

  @Test
  void tenThousandMessagesFromOnePublisherArriveInOrderEverywhere() {
    String topic = topic();
    List<List<Object>> inboxes = new ArrayList<>();
    for (int i = 0; i < nodeCount(); i++) {
      inboxes.add(subscribe(i, topic));
    }
    List<Object> expected = new ArrayList<>();
    List<Future<Void>> sent = new ArrayList<>();
    for (int n = 0; n < 10_000; n++) {
      expected.add(n);
      sent.add(node(0).broadcast(topic, msg(n)));
    }
    await(Future.all(sent));

    eventually("10,000 messages everywhere", () -> inboxes.stream().allMatch(i -> i.size() >= 10_000));
    inboxes.forEach(inbox -> assertThat(inbox).isEqualTo(expected));
  }

  /**
   * Broadcasts and direct broadcasts to one node made at once from several threads, as a node's services
   * and its bridge callers make them: every one acknowledged arrives, once.
   */
  @Test
  void broadcastsAndDirectBroadcastsMadeAtOnceFromSeveralThreadsEachArriveOnce() throws InterruptedException {
    String topic = topic();
    List<Object> inbox = subscribe(1, topic);
    int threads = 4;
    int each = 100;
    List<Future<Void>> sent = new CopyOnWriteArrayList<>();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t * each;
      Thread sender = new Thread(() -> {
        for (int n = first; n < first + each; n++) {
          sent.add(n % 2 == 0 ? node(0).broadcast(topic, msg(n)) : node(0).directBroadcast(nodeName(1), topic, msg(n)));
        }
      });
      sender.start();
      senders.add(sender);
    }
    for (Thread sender : senders) {
      sender.join();
    }
    await(Future.all(sent));

    List<Integer> all = java.util.stream.IntStream.range(0, threads * each).boxed().toList();
    try {
      eventually(all.size() + " messages on node 1", () -> inbox.size() >= all.size());
    } catch (RuntimeException timedOut) {
      assertThat(inbox).as("what node 1 got of %d acknowledged", all.size()).containsExactlyInAnyOrderElementsOf(all);
      throw timedOut;
    }
    settle(topic, List.of(inbox));
    assertThat(inbox).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void headersAndRawBuffersArriveAsSent() {
    String topic = topic();
    List<PubSubMessage> received = new CopyOnWriteArrayList<>();
    await(node(1).subscribe(topic, received::add));

    await(node(0).broadcast(topic, msg("json"), Map.of("trace", "t-1")));
    await(node(0).broadcast(topic, Buffer.buffer(new byte[] {0, 1, 2, (byte) 255})));

    eventually("two messages", () -> received.size() == 2);
    assertThat(received.get(0).headers()).containsEntry("trace", "t-1");
    assertThat(received.get(0).fromNode()).isEqualTo(nodeName(0));
    assertThat(received.get(1).body()).isEqualTo(Buffer.buffer(new byte[] {0, 1, 2, (byte) 255}));
  }

  @Test
  void anUnsubscribedHandlerGetsNothingMore() {
    String topic = topic();
    List<Object> leaving = new CopyOnWriteArrayList<>();
    Subscription subscription = await(node(1).subscribe(topic, m -> leaving.add(m.json().getValue("n"))));
    List<Object> staying = subscribe(1, topic);

    await(subscription.unsubscribe());
    await(node(0).broadcast(topic, msg("after")));
    settle(topic, List.of(staying));

    assertThat(staying).containsExactly("after");
    assertThat(leaving).isEmpty();
  }

  @Test
  void badTopicsAreRefused() {
    for (String bad : new String[] {"", "x".repeat(PubSub.MAX_TOPIC_LENGTH + 1), "new\nline"}) {
      assertThatThrownBy(() -> await(node(0).broadcast(bad, msg(1))))
        .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.failure()).isEqualTo(PubSubFailure.INVALID_TOPIC));
      assertThatThrownBy(() -> await(node(0).subscribe(bad, m -> { })))
        .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.failure()).isEqualTo(PubSubFailure.INVALID_TOPIC));
    }
    assertThat(await(node(0).broadcast("x".repeat(PubSub.MAX_TOPIC_LENGTH), msg(1)))).isNull();
  }

  @Test
  void aSixtyKibMessageArrivesWhole() {
    String topic = topic();
    List<Object> inbox = subscribe(1, topic);
    String big = "é".repeat(30 * 1024);

    await(node(0).broadcast(topic, msg(big)));

    eventually("the 60 KiB message arrived", () -> inbox.size() == 1);
    assertThat(inbox).containsExactly(big);
  }

  @Test
  void topicsThatLookLikeWildcardsOrPathsAreTopicsLikeAnyOther() {
    String base = "w" + UUID.randomUUID().toString().substring(0, 8);
    List<String> topics = List.of(base + "/+", base + "/#", base + "/a", base + "/a/b", base + " a", base + "+",
      base + "#", "#", "+", base + "*", base.repeat(1) + "x".repeat(PubSub.MAX_TOPIC_LENGTH - base.length()));
    List<List<Object>> inboxes = topics.stream().map(t -> subscribe(1, t)).toList();

    for (String topic : topics) {
      await(node(0).broadcast(topic, msg(topic)));
    }

    eventually("every topic's message arrived", () -> inboxes.stream().allMatch(i -> !i.isEmpty()));
    for (int i = 0; i < topics.size(); i++) {
      settle(topics.get(i), List.of(inboxes.get(i)));
      assertThat(inboxes.get(i)).as("what topic %s got", topics.get(i)).containsExactly(topics.get(i));
    }
  }

  /**
   * The server the adapter goes through restarts under a steady stream of broadcasts from node 0 to a
   * subscriber on node 1: every broadcast is delivered or failed to its publisher (none acknowledged and
   * lost; one that was on its way when the server went may fail to its publisher and still arrive),
   * broadcasts fail at once while it is down, and delivery resumes within 5 s of its return.
   *
   * @return the figures, for the reliability log
   */
  JsonObject aRestartUnderAStreamLosesNothingAcknowledged(Runnable stopServer, Runnable startServer) {
    String topic = topic();
    java.util.Set<Object> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
    await(node(1).subscribe(topic, m -> received.add(((JsonObject) m.body()).getValue("n"))));
    java.util.Set<Integer> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Set<Integer> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    io.vertx.core.Vertx vertx = nodes().get(0).vertx();
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    long stream = vertx.setPeriodic(2, t -> {
      int n = next.getAndIncrement();
      node(0).broadcast(topic, msg(n)).onComplete(ar -> (ar.succeeded() ? acknowledged : refused).add(n));
    });
    try {
      eventually("the stream flows", () -> received.size() >= 100);
      stopServer.run();
      eventually("broadcasts fail while the server is down", () -> refused.size() >= 10);
      startServer.run();
      long back = System.nanoTime();
      int after = next.get();
      eventually("a broadcast made after the restart arrives", () -> received.stream().anyMatch(n -> (Integer) n > after));
      long resumedMs = (System.nanoTime() - back) / 1_000_000;
      int end = next.get() + 100;
      eventually("100 more broadcasts", () -> next.get() >= end);
      vertx.cancelTimer(stream);
      eventually("every broadcast answered", () -> acknowledged.size() + refused.size() == next.get());
      eventually("every acknowledged broadcast arrived", () -> received.containsAll(acknowledged));

      assertThat(resumedMs).as("ms from the server's return to the first delivery").isLessThanOrEqualTo(5_000);
      return new JsonObject().put("sent", next.get()).put("acknowledged", acknowledged.size()).put("refused", refused.size())
        .put("lost", acknowledged.stream().filter(n -> !received.contains(n)).count()).put("resumedMs", resumedMs);
    } finally {
      vertx.cancelTimer(stream);
    }
  }
}
