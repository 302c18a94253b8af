package multinode.process;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.bridge.TcpClient;
import multinode.test.Hosts;
import multinode.test.Http;
import multinode.test.Netns;
import multinode.test.NodeProcess;
import multinode.test.Poll;
import multinode.test.ReliabilityLog;
import multinode.test.SlowLink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster on three hosts (network namespaces on one bridge, see {@link Hosts}), each running the
 * built jar as the compose file does: multicast discovery with nothing configured, one name per node,
 * HTTP on 4000, 4001, 4002. Faults are made on the wire or to the process, under load from real clients:
 * chat users on the bridge WebSocket, TCP-bridge subscribers, HTTP posters. Every scenario writes its
 * figures to {@link ReliabilityLog}.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {

  private static final int NODES = 3;
  private static final String ROOM = "faults";
  private static final String TOPIC = "events.faults";
  /** {@code cluster.failureTimeoutSeconds}, the bound on noticing a silent node. */
  private static final Duration FAILURE_DETECTION = Duration.ofSeconds(4);

  private final List<Http> apis = IntStream.range(0, NODES).mapToObj(i -> new Http(Hosts.address(i), port(i))).toList();
  private Hosts lan;
  private Vertx vertx;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeAll
  void buildTheLan() {
    lan = Hosts.create(NODES);
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopTheCluster() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    clients.clear();
    nodes.forEach(NodeProcess::close);
    nodes.clear();
  }

  @AfterAll
  void removeTheLan() {
    await(vertx.close());
    lan.close();
  }

  @Test
  void multicastDiscoveryFormsOneClusterAcrossTheHosts() {
    long started = System.nanoTime();
    startCluster();
    long formedMs = (System.nanoTime() - started) / 1_000_000;

    for (int i = 0; i < NODES; i++) {
      assertThat(nodeNames(i)).containsExactlyInAnyOrderElementsOf(allNames());
    }
    ReliabilityLog.record(new JsonObject().put("scenario", "multicast discovery, 3 hosts")
      .put("convergenceMs", formedMs).put("note", "3 jar processes started to all seeing 3 nodes"));
  }

  @Test
  void aNodeKilledUnderLoadTakesItsMembersPresencesAndRecordsAndItsUsersFailOver() {
    startCluster();
    Map<Integer, Set<String>> members = joinMembers(5);
    List<ChatUser> users = chatUsers(2, true);
    List<TcpClient> subscribers = subscribers(0, 1);
    Load load = new Load(0, 1);
    load.runFor(Duration.ofSeconds(3));

    long killed = System.nanoTime();
    nodes.get(2).signal("KILL");
    Map<String, Long> goneMs = new ConcurrentHashMap<>();
    Poll.until(FAILURE_DETECTION.plusSeconds(10), "node3's members, presences and records are gone", () -> {
      gone(goneMs, "members", killed, () -> groupMembers(0).stream().noneMatch(members.get(2)::contains));
      gone(goneMs, "presences", killed, () -> !presenceNodes(0).contains(name(2)));
      gone(goneMs, "records", killed, () -> !recordNodes(0).contains(name(2)));
      load.step();
      return goneMs.size() == 3;
    });
    load.runFor(Duration.ofSeconds(3));
    load.stop();

    long bound = FAILURE_DETECTION.plusSeconds(1).toMillis();
    assertThat(goneMs).allSatisfy((what, ms) -> assertThat(ms).as(what).isLessThanOrEqualTo(bound));
    assertThat(groupMembers(0)).containsExactlyInAnyOrderElementsOf(union(members.get(0), members.get(1)));
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
    startCluster();
    Map<Integer, Set<String>> members = joinMembers(3);
    List<ChatUser> users = chatUsers(1, false); // one present on each node, coming back to its own node after the heal
    Load load = new Load(0, 1);
    load.runFor(Duration.ofSeconds(2));

    lan.disconnect(2);
    Poll.until(FAILURE_DETECTION.plusSeconds(10), "both sides see the split", () ->
      nodeNames(0).size() == 2 && inside(2, "/api/nodes").getJsonArray("nodes").size() == 1);
    // each side keeps serving: the majority takes chat and pubsub load, node3 its own posts
    load.runFor(Duration.ofSeconds(5));
    JsonObject alone = postInside(2, "/api/chat/rooms/" + ROOM + "/messages", new JsonObject().put("text", "during the split"));
    assertThat(alone.getLong("seq")).isPositive();
    load.said(alone.getString("id"));
    assertThat(postInside(2, "/api/pubsub/" + TOPIC, new JsonObject().put("n", -1)).getBoolean("broadcast")).isTrue();
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
    List<String> differences = new ArrayList<>();
    try {
      Poll.until(Duration.ofSeconds(30), "groups, presence, records, routing and chat history match the truth on every node", () -> {
        List<String> now = differencesFromTheTruth(truthMembers);
        now.addAll(chatDifferences(load, users));
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
    Load after = new Load(0, 2);
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
        + 4 * NODES + " records; " + load.said().size() + " chat messages said on both sides, each once in every node's "
        + "history, and chat " + chat + " to " + NODES + " users (" + users.stream().mapToInt(ChatUser::resets).sum()
        + " restarts of a user's history after the merge); pubsub after the heal from node1 and node3 to subscribers on "
        + "node1 and node3"));
  }

  @Test
  void aSlowLossyLinkOnlyAddsLatency() {
    startCluster();
    List<ChatUser> users = chatUsers(1, true);
    List<TcpClient> subscribers = subscribers(0, 1, 2);
    Load baseline = new Load(0, 1);
    baseline.runFor(Duration.ofSeconds(3));
    baseline.stop();
    baseline.awaitChat(users);
    List<String> before = users.stream().map(u -> u.medianLatencyMs() + " ms").toList();
    users.forEach(ChatUser::resetLatencies);
    Load load = new Load(0, 1);
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
    assertThat(nodes).allSatisfy(node -> assertThat(node.lines()).noneMatch(line -> line.contains("node down:")));
    ReliabilityLog.record(new JsonObject().put("scenario", "node3's link: +100 ms, 5 % loss")
      .put("sent", chat.sent() + pubsub.sent()).put("delivered", chat.delivered() + pubsub.delivered())
      .put("lost", chat.lost() + pubsub.lost())
      .put("note", "chat " + chat + " to 3 users; pubsub " + pubsub + " to 3 TCP subscribers; median chat latency "
        + users.stream().map(u -> u.medianLatencyMs() + " ms").toList() + " (node1, node2, node3's user; "
        + before + " before); link " + link.summary()));
  }

  // ---- the cluster and its clients

  private void startCluster() {
    // the default cookie, as in the compose file: the LAN is the test's own, and each scenario's nodes are
    // gone before the next one starts. Rooms keep more than the load ever says, so every message of a
    // run can be looked for in the history
    for (int i = 0; i < NODES; i++) {
      nodes.add(NodeProcess.startIn(lan.host(i).name(), "node" + (i + 1), Map.of("MULTINODE_NODE_NAME", name(i),
        "MULTINODE_HTTP_PORT", String.valueOf(port(i)), "MULTINODE_CHAT_HISTORY_LIMIT", "100000"), "-cluster"));
    }
    nodes.forEach(NodeProcess::awaitReady);
    Poll.until(Duration.ofSeconds(30), "every node sees the other two", () ->
      IntStream.range(0, NODES).allMatch(i -> nodeNames(i).size() == NODES));
  }

  /** {@code count} members of the group "workers" on every node (the task groups.join), by node. */
  private Map<Integer, Set<String>> joinMembers(int count) {
    Map<Integer, Set<String>> members = new HashMap<>();
    for (int i = 0; i < NODES; i++) {
      String result = api(0).post("/api/nodes/" + name(i) + "/tasks/groups.join",
        new JsonObject().put("group", "workers").put("count", count).encode()).body();
      String last = result.lines().reduce((a, b) -> b).orElseThrow();
      members.put(i, new JsonObject(last).getJsonObject("value").getJsonArray("members").stream()
        .map(String::valueOf).collect(Collectors.toSet()));
    }
    Poll.until(Duration.ofSeconds(10), "every node sees every member",
      () -> IntStream.range(0, NODES).allMatch(i -> groupMembers(i).size() == count * NODES));
    return members;
  }

  /**
   * {@code perNode} chat users on every node; with {@code failOver} each goes on to the next nodes in
   * turn when its node goes away, else it comes back to its own.
   */
  private List<ChatUser> chatUsers(int perNode, boolean failOver) {
    List<ChatUser> users = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      List<String> endpoints = new ArrayList<>();
      for (int k = 0; k < (failOver ? NODES : 1); k++) {
        endpoints.add(Hosts.address((i + k) % NODES) + ":" + port((i + k) % NODES));
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
      TcpClient client = TcpClient.connect(vertx, Hosts.address(i), port(i) + 3000);
      client.registerAndWait(TOPIC);
      subscribers.add(client);
      clients.add(client);
    }
    return subscribers;
  }

  /**
   * Load from an operator's scripts: chat messages posted over HTTP, pubsub broadcasts over HTTP, and
   * group reads, round robin over some nodes, in steps of a few requests.
   */
  private final class Load {
    private final int[] targets;
    private final Set<String> chatIds = new ConcurrentSkipListSet<>();
    private final Set<Integer> published = new ConcurrentSkipListSet<>();
    private int step;
    private boolean stopped;

    Load(int... targets) {
      this.targets = targets;
    }

    void runFor(Duration duration) {
      long end = System.nanoTime() + duration.toNanos();
      Poll.until(duration.plusSeconds(30), "load for " + duration, () -> {
        step();
        return System.nanoTime() >= end;
      });
    }

    /** One chat post, one broadcast and one group read; a refused or failed request is not counted as sent. */
    void step() {
      if (stopped) {
        return;
      }
      int node = targets[step % targets.length];
      int n = step++;
      try {
        JsonObject stamped = post(node, "/api/chat/rooms/" + ROOM + "/messages", new JsonObject().put("text", "m" + n));
        chatIds.add(stamped.getString("id"));
      } catch (RuntimeException refused) {
        // the node was going away: the poster saw the failure, so nothing was promised
      }
      try {
        post(node, "/api/pubsub/" + TOPIC, new JsonObject().put("n", n));
        published.add(n);
      } catch (RuntimeException refused) {
        // as above
      }
      groupMembers(node);
    }

    void stop() {
      stopped = true;
    }

    /** A chat message said by other means was acknowledged. */
    void said(String id) {
      chatIds.add(id);
    }

    Set<String> said() {
      return chatIds;
    }

    /** Waits until every user has every message posted (15 s at most), then counts. */
    Delivery awaitChat(List<ChatUser> users) {
      BooleanSupplier all = () -> users.stream().allMatch(u -> u.ids().containsAll(chatIds));
      pollQuietly(all);
      long delivered = users.stream().mapToLong(u -> chatIds.stream().filter(u.ids()::contains).count()).sum();
      return new Delivery((long) chatIds.size() * users.size(), delivered);
    }

    /** Waits until every subscriber has every broadcast (15 s at most), then counts. */
    Delivery awaitPubSub(List<TcpClient> subscribers) {
      BooleanSupplier all = () -> subscribers.stream().allMatch(s -> received(s).containsAll(published));
      pollQuietly(all);
      long delivered = subscribers.stream().mapToLong(s -> published.stream().filter(received(s)::contains).count()).sum();
      return new Delivery((long) published.size() * subscribers.size(), delivered);
    }

    private Set<Integer> received(TcpClient subscriber) {
      return subscriber.all(f -> TOPIC.equals(f.getString("address"))).stream()
        .map(f -> f.getJsonObject("body").getInteger("n")).collect(Collectors.toSet());
    }
  }

  /** Messages that should have arrived (one per receiver) and those that did. */
  private record Delivery(long sent, long delivered) {
    long lost() {
      return sent - delivered;
    }

    @Override
    public String toString() {
      return delivered + "/" + sent;
    }
  }

  private static void pollQuietly(BooleanSupplier condition) {
    try {
      Poll.until(Duration.ofSeconds(15), "every delivery", condition::getAsBoolean);
    } catch (AssertionError | RuntimeException late) {
      // counted as lost by the caller's assertion
    }
  }

  private static void gone(Map<String, Long> goneMs, String what, long since, BooleanSupplier isGone) {
    if (!goneMs.containsKey(what) && isGone.getAsBoolean()) {
      goneMs.put(what, (System.nanoTime() - since) / 1_000_000);
    }
  }

  /** What any node says that differs from the truth (every node, member, presence and record, each once). */
  private List<String> differencesFromTheTruth(Set<String> truthMembers) {
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      try {
        String node = name(i) + ": ";
        List<String> names = nodeNames(i);
        if (names.size() != NODES) {
          differences.add(node + "nodes " + names);
        }
        List<String> members = groupMembers(i);
        if (members.size() != truthMembers.size() || !truthMembers.containsAll(members)) {
          differences.add(node + members.size() + " members, " + members.stream().filter(m -> !truthMembers.contains(m)).count()
            + " ghosts, " + truthMembers.stream().filter(m -> !members.contains(m)).count() + " missing");
        }
        Set<String> presences = presenceNodes(i);
        if (!presences.equals(Set.copyOf(allNames()))) {
          differences.add(node + "presences on " + presences);
        }
        List<JsonObject> records = records(i);
        Set<String> recordNodes = recordNodes(records);
        if (records.size() != 4 * NODES || !recordNodes.equals(Set.copyOf(allNames()))) {
          differences.add(node + records.size() + " records of " + recordNodes);
        }
        for (int j = 0; j < NODES; j++) {
          if (i != j && !pong(i, j)) {
            differences.add(node + "pang from " + name(j));
          }
        }
      } catch (RuntimeException unreachable) {
        differences.add(name(i) + ": " + unreachable);
      }
    }
    return differences;
  }

  /**
   * How the chat differs from the truth: a node whose history lacks an acknowledged message or holds one
   * twice, a user who was not shown one.
   */
  private List<String> chatDifferences(Load load, List<ChatUser> users) {
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      try {
        List<String> history = historyIds(i);
        long missing = load.said().stream().filter(id -> !history.contains(id)).count();
        long twice = history.size() - new HashSet<>(history).size();
        if (missing > 0 || twice > 0) {
          differences.add(name(i) + ": history misses " + missing + " and repeats " + twice + " of " + load.said().size());
        }
      } catch (RuntimeException unreachable) {
        differences.add(name(i) + ": history " + unreachable);
      }
    }
    for (ChatUser user : users) {
      long missing = load.said().stream().filter(id -> !user.ids().contains(id)).count();
      if (missing > 0) {
        differences.add("a user misses " + missing + " messages");
      }
    }
    return differences;
  }

  /** The ids of the room's whole history as a node serves it, paged back from the newest, oldest first. */
  private List<String> historyIds(int node) {
    List<String> ids = new ArrayList<>();
    String before = "";
    while (true) {
      JsonObject page = get(node, "/api/chat/rooms/" + ROOM + "/messages?limit=200" + before);
      List<String> messages = page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("id")).toList();
      ids.addAll(0, messages);
      if (!page.getBoolean("more") || messages.isEmpty()) {
        return ids;
      }
      before = "&before=" + page.getJsonArray("messages").getJsonObject(0).getLong("seq");
    }
  }

  // ---- what the nodes say over HTTP

  private List<String> nodeNames(int node) {
    return get(node, "/api/nodes").getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getString("name")).toList();
  }

  private List<String> groupMembers(int node) {
    JsonObject group = get(node, "/api/groups/workers");
    JsonArray members = group.getJsonArray("members", new JsonArray());
    return members.stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  private Set<String> presenceNodes(int node) {
    Set<String> names = new HashSet<>();
    get(node, "/api/chat/rooms").getJsonArray("rooms").stream().map(r -> (JsonObject) r)
      .filter(r -> ROOM.equals(r.getString("room")))
      .forEach(r -> r.getJsonObject("presences").forEach(p -> ((JsonObject) p.getValue()).getJsonArray("metas")
        .forEach(meta -> names.add(((JsonObject) meta).getString("node")))));
    return names;
  }

  private List<JsonObject> records(int node) {
    return get(node, "/api/services").getJsonArray("services").stream().map(r -> (JsonObject) r).toList();
  }

  private Set<String> recordNodes(int node) {
    return recordNodes(records(node));
  }

  private static Set<String> recordNodes(List<JsonObject> records) {
    return records.stream().map(r -> r.getJsonObject("metadata").getString("node")).collect(Collectors.toSet());
  }

  private boolean pong(int from, int to) {
    return "pong".equals(get(from, "/api/nodes/" + name(to) + "/ping").getString("result"));
  }

  private JsonObject get(int node, String path) {
    return new JsonObject(api(node).get(path).body());
  }

  private JsonObject post(int node, String path, JsonObject body) {
    HttpResponse<String> response = api(node).post(path, body.encode());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** A GET from inside the node's own host: what its local clients see while its cable is out. */
  private JsonObject inside(int node, String path) {
    return new JsonObject(Netns.sh("ip", "netns", "exec", lan.host(node).name(), "curl", "-s", "-m", "5",
      api(node).uri(path).toString()));
  }

  private JsonObject postInside(int node, String path, JsonObject body) {
    return new JsonObject(Netns.sh("ip", "netns", "exec", lan.host(node).name(), "curl", "-s", "-m", "5",
      "-H", "content-type: application/json", "-d", body.encode(), api(node).uri(path).toString()));
  }

  /** The HTTP API of node {@code node}, as the operator's machine on the LAN reaches it. */
  private Http api(int node) {
    return apis.get(node);
  }

  private static String name(int node) {
    return "multinode@node" + (node + 1);
  }

  private static List<String> allNames() {
    return IntStream.range(0, NODES).mapToObj(FaultsIT::name).toList();
  }

  private static int port(int node) {
    return 4000 + node;
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
