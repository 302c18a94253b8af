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
}
