package multinode.process;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import multinode.test.ChatUser;
import multinode.test.Hosts;
import multinode.test.LanCluster;
import multinode.test.Load;
import multinode.test.Load.Delivery;
import multinode.test.NodeProcess;
import multinode.test.Poll;
import multinode.test.ReliabilityLog;
import multinode.test.SlowLink;
import multinode.test.TcpClient;
import multinode.test.Truth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static multinode.test.ClusterNodes.await;
import static multinode.test.LanCluster.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster on three hosts (network namespaces on one bridge, see {@link Hosts}), each running the
 * built jar as the compose file does ({@link LanCluster}). Faults are made on the wire or to the process,
 * under load from real clients ({@link Load}): chat users on the bridge WebSocket, TCP-bridge subscribers,
 * HTTP posters; after a heal every node is compared with the truth ({@link Truth}). Every scenario writes
 * its figures to {@link ReliabilityLog}.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {

  private static final int NODES = 3;
  private static final String ROOM = "faults";
  private static final String TOPIC = "events.faults";
  private static final String GROUP = "workers";
  /** {@code cluster.failureTimeoutSeconds}, the bound on noticing a silent node. */
  private static final Duration FAILURE_DETECTION = Duration.ofSeconds(4);

  private Hosts lan;
  private LanCluster cluster;
  private Vertx vertx;
  private final List<AutoCloseable> clients = new ArrayList<>();

  /** A failed test prints what each node printed: the nodes' own account of the fault, for whoever reads the run. */
  @RegisterExtension
  final AfterTestExecutionCallback nodesOutput = context -> context.getExecutionException().ifPresent(failure -> {
    for (NodeProcess node : cluster.processes()) {
      System.out.printf("--- what %s printed:%n%s%n", node, String.join("\n", node.lines()));
    }
  });

  @BeforeAll
  void buildTheLan() {
    lan = Hosts.create(NODES);
    cluster = new LanCluster(lan, NODES);
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopTheCluster() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    clients.clear();
    cluster.close();
  }

  @AfterAll
  void removeTheLan() {
    await(vertx.close());
    lan.close();
  }

  @Test
  void multicastDiscoveryFormsOneClusterAcrossTheHosts() {
    long started = System.nanoTime();
    cluster.start();
    long formedMs = (System.nanoTime() - started) / 1_000_000;

    for (int i = 0; i < NODES; i++) {
      assertThat(cluster.nodeNames(i)).containsExactlyInAnyOrderElementsOf(cluster.names());
    }
    ReliabilityLog.record(new JsonObject().put("scenario", "multicast discovery, 3 hosts")
      .put("convergenceMs", formedMs).put("note", "3 jar processes started to all seeing 3 nodes"));
  }

  @Test
  void aNodeKilledUnderLoadTakesItsMembersPresencesAndRecordsAndItsUsersFailOver() {
    cluster.start();
    Map<Integer, Set<String>> members = cluster.joinMembers(GROUP, 5);
    List<ChatUser> users = chatUsers(2, true);
    List<TcpClient> subscribers = subscribers(0, 1);
    Load load = load(0, 1);
    load.runFor(Duration.ofSeconds(3));

    long killed = System.nanoTime();
    cluster.process(2).signal("KILL");
    Map<String, Long> goneMs = new ConcurrentHashMap<>();
    Poll.until(FAILURE_DETECTION.plusSeconds(10), "node3's members, presences and records are gone", () -> {
      gone(goneMs, "members", killed, () -> cluster.groupMembers(0, GROUP).stream().noneMatch(members.get(2)::contains));
      gone(goneMs, "presences", killed, () -> !cluster.presenceNodes(0, ROOM).contains(name(2)));
      gone(goneMs, "records", killed, () -> !LanCluster.recordNodes(cluster.records(0)).contains(name(2)));
      load.step();
      return goneMs.size() == 3;
    });
    load.runFor(Duration.ofSeconds(3));
    load.stop();

    long bound = FAILURE_DETECTION.plusSeconds(1).toMillis();
    assertThat(goneMs).allSatisfy((what, ms) -> assertThat(ms).as(what).isLessThanOrEqualTo(bound));
    assertThat(cluster.groupMembers(0, GROUP)).containsExactlyInAnyOrderElementsOf(union(members.get(0), members.get(1)));
    assertThat(users.stream().filter(u -> u.failovers() > 0)).hasSize(2);
    Delivery chat = load.awaitChat(users);
    Delivery pubsub = load.awaitPubSub(subscribers);
    assertThat(chat.lost()).isZero();
    assertThat(pubsub.lost()).isZero();
    ReliabilityLog.record(new JsonObject().put("scenario", "kill -9 under load")
      .put("sent", chat.sent() + pubsub.sent()).put("delivered", chat.delivered() + pubsub.delivered())
      .put("lost", chat.lost() + pubsub.lost()).put("convergenceMs", goneMs.values().stream().mapToLong(x -> x).max().orElse(0))
      .put("note", "chat " + chat + " to 6 users (2 failed over); pubsub " + pubsub + " to 2 TCP subscribers; gone after "
        + goneMs + " ms"));
  }

  @Test
  void aPartitionHealsIntoTheTruthWithinFifteenSeconds() {
    cluster.start();
    Map<Integer, Set<String>> members = cluster.joinMembers(GROUP, 3);
    List<ChatUser> users = chatUsers(1, false); // one present on each node, coming back to its own node after the heal
    Load load = load(0, 1);
    load.runFor(Duration.ofSeconds(2));

    lan.disconnect(2);
    Poll.until(FAILURE_DETECTION.plusSeconds(10), "both sides see the split", () ->
      cluster.nodeNames(0).size() == 2 && cluster.inside(2, "/api/nodes").getJsonArray("nodes").size() == 1);
    // each side keeps serving: the majority takes chat and pubsub load, node3 its own posts
    load.runFor(Duration.ofSeconds(5));
    JsonObject alone = cluster.postInside(2, "/api/chat/rooms/" + ROOM + "/messages", new JsonObject().put("text", "during the split"));
    assertThat(alone.getLong("seq")).isPositive();
    load.said(alone.getString("id"));
    System.out.println("said on node3 during the split: " + alone.getString("id"));
    assertThat(cluster.postInside(2, "/api/pubsub/" + TOPIC, new JsonObject().put("n", -1)).getBoolean("broadcast")).isTrue();
    long splitEnds = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Poll.until(Duration.ofSeconds(25), "the split lasted 20 s", () -> {
      load.step();
      return System.nanoTime() >= splitEnds;
    });
    load.stop();

    lan.reconnect(2);
    long healed = System.nanoTime();
    List<TcpClient> subscribers = subscribers(0, 2);
    Set<String> truthMembers = union(members.get(0), members.get(1), members.get(2));
    Truth truth = new Truth(cluster);
    List<String> differences = new ArrayList<>();
    try {
      Poll.until(Duration.ofSeconds(30), "groups, presence, records, routing and chat history match the truth on every node", () -> {
        List<String> now = truth.differences(GROUP, truthMembers, ROOM);
        now.addAll(truth.chatDifferences(ROOM, load.said(), users));
        if (!now.equals(differences)) {
          System.out.printf("%d ms after the heal: %s%n", (System.nanoTime() - healed) / 1_000_000, now);
        }
        differences.clear();
        differences.addAll(now);
        return differences.isEmpty();
      });
    } catch (org.awaitility.core.ConditionTimeoutException late) {
      throw new AssertionError("30 s after the heal: " + differences, late);
    }
    long convergedMs = (System.nanoTime() - healed) / 1_000_000;
    // event-bus routing in both directions, through pubsub, after the merge
    Load after = load(0, 2);
    after.runFor(Duration.ofSeconds(2));
    after.stop();
    Delivery pubsub = after.awaitPubSub(subscribers);

    assertThat(convergedMs).isLessThanOrEqualTo(15_000);
    assertThat(pubsub.lost()).isZero();
    Delivery chat = load.awaitChat(users);
    assertThat(chat.lost()).isZero();
    ReliabilityLog.record(new JsonObject().put("scenario", "partition 20 s, then heal")
      .put("sent", pubsub.sent() + chat.sent()).put("delivered", pubsub.delivered() + chat.delivered())
      .put("lost", pubsub.lost() + chat.lost())
      .put("convergenceMs", convergedMs)
      .put("note", "0 ghost / 0 missing of " + truthMembers.size() + " group members, " + NODES + " presences, "
        + 5 * NODES + " records; " + load.said().size() + " chat messages said on both sides, each once in every node's "
        + "history, and chat " + chat + " to " + NODES + " users (" + users.stream().mapToInt(ChatUser::resets).sum()
        + " restarts of a user's history after the merge); pubsub after the heal from node1 and node3 to subscribers on "
        + "node1 and node3"));
  }

  @Test
  void aSlowLossyLinkOnlyAddsLatency() {
    cluster.start();
    List<ChatUser> users = chatUsers(1, true);
    List<TcpClient> subscribers = subscribers(0, 1, 2);
    Load baseline = load(0, 1);
    baseline.runFor(Duration.ofSeconds(3));
    baseline.stop();
    baseline.awaitChat(users);
    List<String> before = users.stream().map(u -> u.medianLatencyMs() + " ms").toList();
    users.forEach(ChatUser::resetLatencies);
    Load load = load(0, 1);
    Delivery chat;
    Delivery pubsub;
    SlowLink link = SlowLink.on(lan.host(2), 100, 5);
    try (link) {
      load.runFor(Duration.ofSeconds(10));
      load.stop();
      chat = load.awaitChat(users);
      pubsub = load.awaitPubSub(subscribers);
    }

    assertThat(chat.lost()).isZero();
    assertThat(pubsub.lost()).isZero();
    // not even for a moment: every node would have printed it
    assertThat(cluster.processes()).allSatisfy(node -> assertThat(node.lines()).noneMatch(line -> line.contains("node down:")));
    ReliabilityLog.record(new JsonObject().put("scenario", "node3's link: +100 ms, 5 % loss")
      .put("sent", chat.sent() + pubsub.sent()).put("delivered", chat.delivered() + pubsub.delivered())
      .put("lost", chat.lost() + pubsub.lost())
      .put("note", "chat " + chat + " to 3 users; pubsub " + pubsub + " to 3 TCP subscribers; median chat latency "
        + users.stream().map(u -> u.medianLatencyMs() + " ms").toList() + " (node1, node2, node3's user; "
        + before + " before); link " + link.summary()));
  }

  // ---- the clients

  /**
   * {@code perNode} chat users on every node; with {@code failOver} each goes on to the next nodes in
   * turn when its node goes away, else it comes back to its own.
   */
  private List<ChatUser> chatUsers(int perNode, boolean failOver) {
    List<ChatUser> users = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      List<String> endpoints = new ArrayList<>();
      for (int k = 0; k < (failOver ? NODES : 1); k++) {
        endpoints.add(LanCluster.endpoint((i + k) % NODES));
      }
      for (int u = 0; u < perNode; u++) {
        ChatUser user = new ChatUser(vertx, ROOM, "user" + (i + 1) + "-" + u, endpoints);
        await(user.start());
        users.add(user);
        clients.add(user);
      }
    }
    return users;
  }

  /** A TCP-bridge subscriber of {@link #TOPIC} on each of these nodes. */
  private List<TcpClient> subscribers(int... onNodes) {
    List<TcpClient> subscribers = new ArrayList<>();
    for (int i : onNodes) {
      TcpClient client = TcpClient.connect(vertx, Hosts.address(i), LanCluster.port(i) + 3000);
      client.authenticate(LanCluster.BRIDGE_TOKEN);
      client.registerAndWait(TOPIC);
      subscribers.add(client);
      clients.add(client);
    }
    return subscribers;
  }

  private Load load(int... targets) {
    return new Load(cluster, ROOM, TOPIC, GROUP, targets);
  }

  private static void gone(Map<String, Long> goneMs, String what, long since, BooleanSupplier isGone) {
    if (!goneMs.containsKey(what) && isGone.getAsBoolean()) {
      goneMs.put(what, (System.nanoTime() - since) / 1_000_000);
    }
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return all;
  }
}
