package multinode.dashboard.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.Topics;
import multinode.chat.Chat;
import multinode.dashboard.Dashboard;
import multinode.dashboard.DashboardAddresses;
import multinode.dashboard.DashboardVerticle.Sources;
import multinode.groups.GroupEvent;
import multinode.groups.GroupMonitor;
import multinode.groups.Groups;
import multinode.node.NodeEvent;
import multinode.node.NodeInfo;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A node's {@link Dashboard}: what it knows of the cluster, kept while someone watches.
 * <p>
 * <b>Watched.</b> The first watcher (a stream registered, or a snapshot asked) starts the watch: every
 * second each node is asked for its figures ({@link DashboardAddresses#figures}, answered by its
 * {@link LocalFigures}); every group scope gets a monitor whose events are counted and flushed at most
 * four times a second; every 2 s the topics, rooms and (every 10 s) service records are read. A minute
 * after the last watcher left, it all stops: an unwatched node asks nothing of the cluster.
 * <p>
 * <b>Always.</b> Node up and down events, merges and fail-overs go into the feed whether watched or not
 * (they are rare), so a dashboard opened later shows what happened before it.
 * <p>
 * <b>Threads.</b> All state belongs to the dashboard verticle's context; watchers come and go from any
 * thread and are called on that context.
 */
public final class Hub implements Dashboard {

  private static final long SAMPLE_MS = 1_000;
  private static final long FIGURES_TIMEOUT_MS = 900;
  private static final long CLUSTER_MS = 2_000;
  private static final long SERVICES_MS = 10_000;
  private static final long FLUSH_MS = 250;
  /** How long a node that went down is shown as down before it is dropped. */
  private static final long DOWN_SHOWN_MS = 5_000;
  /** How long the watch goes on after the last watcher left. */
  private static final long LINGER_MS = 60_000;
  /** Group events a flush lists one by one in the feed; more are summed up in one line. */
  private static final int FEED_EVENTS_PER_FLUSH = 5;

  private final Vertx vertx;
  private final ContextInternal context;
  private final Nodes nodes;
  private final Groups groups;
  private final Chat chat;
  private final ServiceDiscovery discovery;
  private final LocalFigures local;
  private final Map<String, List<Consumer<JsonObject>>> watchers = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  // the dashboard's context only
  private final Map<String, JsonObject> figures = new TreeMap<>();
  /** Nodes that went down lately, by name: {@code {"reason","at"}}. */
  private final Map<String, JsonObject> down = new HashMap<>();
  /** The names of the last nodes that went down, by id, for a fail-over's notice (HA names the dead node by id). */
  private final Map<String, String> goneNames = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 100;
    }
  };
  private final History history = new History();
  /** Replaced when the watch stops: a new watch starts from the monitors' snapshots. */
  private GroupCounts counts = new GroupCounts();
  private final Feed feed = new Feed();
  private final List<GroupMonitor> monitors = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private JsonArray services = new JsonArray();
  private JsonObject cluster = new JsonObject();
  private boolean watching;
  private long lastWatched;
  private Future<Void> firstSample = Future.succeededFuture();

  /** Call from the dashboard verticle's context. */
  public Hub(Vertx vertx, Nodes nodes, Groups groups, PubSub pubSub, Chat chat, ServiceDiscovery discovery, Sources sources) {
    this.vertx = vertx;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.nodes = nodes;
    this.groups = groups;
    this.chat = chat;
    this.discovery = discovery;
    this.local = new LocalFigures(vertx, nodes, groups, pubSub, sources);
  }

  /** Answers for this node's figures, and listens for node events, merges and fail-overs. */
  public Future<Void> start() {
    consumers.add(vertx.eventBus().<String>consumer(DashboardAddresses.figures(nodes.self().id()), msg -> msg.reply(local.now())));
    consumers.add(vertx.eventBus().<JsonObject>consumer(DashboardAddresses.NOTICES, msg -> notice(msg.body())));
    consumers.add(nodes.events(this::onNodeEvent));
    consumers.add(nodes.merges(at -> publishNotice(new JsonObject().put("kind", "merge").put("node", nodes.self().name())
      .put("text", nodes.self().name() + "'s side of a partition merged into the cluster"))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** Stops watching and listening. */
  public Future<Void> stop() {
    unwatch();
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /**
   * Tells every node's dashboard of a fail-over this node carried out (Vert.x HA calls this on the node it
   * chose, from a thread of its own, once per dead node of its group; one with no verticles is no news).
   */
  public void failedOver(String failedNodeId, JsonObject haInfo, boolean completed) {
    context.runOnContext(v -> notifyFailover(failedNodeId, haInfo, completed));
  }

  private void notifyFailover(String failedNodeId, JsonObject haInfo, boolean completed) {
    JsonArray verticles = haInfo == null ? new JsonArray() : haInfo.getJsonArray("verticles", new JsonArray());
    List<String> names = verticles.stream().map(v -> v instanceof JsonObject j ? j.getString("verticle_name") : String.valueOf(v)).toList();
    if (completed && names.isEmpty()) {
      return;
    }
    String failed = goneNames.getOrDefault(failedNodeId, "node " + failedNodeId);
    publishNotice(new JsonObject().put("kind", "failover").put("node", nodes.self().name()).put("failedNode", failed)
      .put("completed", completed).put("verticles", new JsonArray(names))
      .put("text", (completed ? "fail-over: " : "fail-over failed: ") + names.size() + " HA verticle(s) of " + failed
        + " redeployed on " + nodes.self().name() + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")")));
  }

  // ---- Dashboard ---------------------------------------------------------------------------------

  @Override
  public Future<JsonObject> snapshot() {
    return context.<Void>future(p -> {
      startWatching();
      firstSample.onComplete(ar -> p.complete());
    }).map(v -> new JsonObject()
      .put("type", "snapshot")
      .put("at", System.currentTimeMillis())
      .put("self", nodes.self().name())
      .put("nodes", nodesJson())
      .put("history", history.toJson())
      .put("groups", counts.all())
      .put("cluster", cluster.copy())
      .put("feed", feed.recent()));
  }

  @Override
  public Runnable watch(String stream, Consumer<JsonObject> deliver) {
    if (!DashboardAddresses.STREAMS.contains(stream)) {
      throw new IllegalArgumentException("not a dashboard stream: " + stream);
    }
    watchers.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>()).add(deliver);
    context.runOnContext(v -> startWatching());
    return () -> watchers.getOrDefault(stream, List.of()).remove(deliver);
  }

  // ---- the watch ---------------------------------------------------------------------------------

  private boolean watched() {
    return watchers.values().stream().anyMatch(list -> !list.isEmpty());
  }

  /** Starts the watch if it is off, and notes that someone watches; on the context. */
  private void startWatching() {
    lastWatched = System.currentTimeMillis();
    if (watching) {
      return;
    }
    watching = true;
    watchScopes();
    // the first snapshot waits for the first figures and records (a second or so; two at most)
    firstSample = Future.join(sample(), readServices()).timeout(2, TimeUnit.SECONDS).otherwiseEmpty().map(v -> {
      readCluster();
      return null;
    });
    timers.add(vertx.setPeriodic(SAMPLE_MS, t -> {
      if (watched()) {
        lastWatched = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - lastWatched > LINGER_MS) {
        unwatch();
        return;
      }
      sample();
    }));
    timers.add(vertx.setPeriodic(FLUSH_MS, t -> flushGroups()));
    timers.add(vertx.setPeriodic(CLUSTER_MS, t -> {
      watchScopes();
      readCluster();
    }));
    timers.add(vertx.setPeriodic(SERVICES_MS, t -> readServices()));
  }

  private void unwatch() {
    watching = false;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    monitors.forEach(GroupMonitor::close);
    monitors.clear();
    counts = new GroupCounts();
  }

  /** A monitor for every scope that has groups and none yet (the default scope always). */
  private void watchScopes() {
    List<String> scopes = new ArrayList<>(groups.scopes());
    if (!scopes.contains(groups.scope())) {
      scopes.add(groups.scope());
    }
    for (String scope : scopes) {
      if (!counts.has(scope)) {
        // the monitor's snapshot and its events are exactly consistent (taken under the groups' lock)
        GroupCounts watched = counts;
        watched.load(scope, Map.of());
        groups.scope(scope).monitorAll(watched::apply).onSuccess(monitor -> {
          if (!watching) {
            monitor.close();
            return;
          }
          monitors.add(monitor);
          watched.load(scope, monitor.snapshot());
        });
      }
    }
  }

  /** Asks every node for its figures and sends the nodes' update; completes when all answered or timed out. */
  private Future<Void> sample() {
    List<NodeInfo> all = new ArrayList<>(nodes.list());
    all.add(nodes.self());
    DeliveryOptions quick = new DeliveryOptions().setSendTimeout(FIGURES_TIMEOUT_MS);
    List<Future<JsonObject>> asked = all.stream().map(node -> node.id().equals(nodes.self().id())
      ? Future.succeededFuture(local.now())
      : vertx.eventBus().<JsonObject>request(DashboardAddresses.figures(node.id()), "", quick).map(msg -> msg.body())).toList();
    return Future.join(asked).otherwiseEmpty().map(v -> {
      long at = System.currentTimeMillis();
      JsonObject points = new JsonObject();
      for (Future<JsonObject> answer : asked) {
        if (answer.succeeded() && !down.containsKey(answer.result().getString("name"))) {
          JsonObject node = answer.result();
          figures.put(node.getString("name"), node);
          points.put(node.getString("name"), history.add(node.getString("name"), at, node));
        }
      }
      deliver(DashboardAddresses.NODES, nodesUpdate(at).put("points", points));
      return null;
    });
  }

  private JsonObject nodesUpdate(long at) {
    return new JsonObject().put("type", "nodes").put("at", at).put("self", nodes.self().name()).put("nodes", nodesJson());
  }

  /** Every node known, its figures and state, by name. */
  private JsonArray nodesJson() {
    JsonArray list = new JsonArray();
    figures.values().stream().sorted(Comparator.comparing(f -> f.getString("name"))).forEach(f -> {
      JsonObject gone = down.get(f.getString("name"));
      list.add(f.copy().put("state", gone == null ? "up" : gone.getString("reason"))
        .put("self", f.getString("name").equals(nodes.self().name())));
    });
    return list;
  }

  private void flushGroups() {
    int joins = counts.joins();
    int leaves = counts.leaves();
    JsonObject update = counts.flush();
    if (update == null) {
      return;
    }
    deliver(DashboardAddresses.GROUPS, update);
    JsonArray events = update.getJsonArray("events");
    long at = System.currentTimeMillis();
    if (joins + leaves <= FEED_EVENTS_PER_FLUSH) {
      events.forEach(e -> {
        JsonObject event = (JsonObject) e;
        addToFeed(at, "group_" + event.getString("type"), event.getString("type") + " " + event.getString("group")
          + (event.getString("scope").equals("default") ? "" : " (scope " + event.getString("scope") + ")")
          + ": " + event.getJsonObject("member").getString("id") + " on " + event.getString("node"), new JsonObject());
      });
    } else if (joins + leaves > 0) {
      addToFeed(at, "group_changes", joins + " joins and " + leaves + " leaves in " + groupsIn(update) + " group(s)",
        new JsonObject().put("joins", joins).put("leaves", leaves));
    }
  }

  private static int groupsIn(JsonObject update) {
    return update.getJsonObject("counts").stream().mapToInt(scope -> ((JsonObject) scope.getValue()).size()).sum();
  }

  private void readCluster() {
    JsonObject topics = new JsonObject();
    figures.forEach((name, node) -> node.getJsonObject("topics", new JsonObject()).forEach(topic -> {
      if (!Topics.internal(topic.getKey())) {
        JsonObject byNode = topics.getJsonObject(topic.getKey());
        if (byNode == null) {
          byNode = new JsonObject();
          topics.put(topic.getKey(), byNode);
        }
        byNode.put(name, topic.getValue());
      }
    }));
    JsonObject rooms = new JsonObject();
    chat.rooms().stream().sorted().forEach(room -> rooms.put(room, chat.presence(room)));
    cluster = new JsonObject().put("type", "cluster").put("topics", topics).put("rooms", rooms).put("services", services);
    deliver(DashboardAddresses.CLUSTER, cluster.copy());
  }

  private Future<Void> readServices() {
    return discovery.getRecords(record -> true, true).onSuccess(records -> services = new JsonArray(records.stream()
      .sorted(Comparator.comparing(Record::getName).thenComparing(r -> r.getMetadata().getString("node", "")))
      .map(record -> new JsonObject().put("name", record.getName()).put("type", record.getType())
        .put("status", record.getStatus().name().toLowerCase()).put("location", record.getLocation())
        .put("metadata", record.getMetadata()))
      .toList())).mapEmpty();
  }

  // ---- events ------------------------------------------------------------------------------------

  private void onNodeEvent(NodeEvent event) {
    String name = event.node().name();
    long at = System.currentTimeMillis();
    if (event.type() == NodeEvent.Type.UP) {
      down.remove(name);
      addToFeed(at, "node_up", "node up: " + name, new JsonObject().put("node", name));
      if (watching) {
        sample();
      }
      return;
    }
    String reason = event.reason().name().toLowerCase();
    goneNames.put(event.node().id(), name);
    down.put(name, new JsonObject().put("reason", reason).put("at", at));
    addToFeed(at, "node_down", "node down: " + name + " (" + reason + ")", new JsonObject().put("node", name).put("reason", reason));
    deliver(DashboardAddresses.NODES, nodesUpdate(at));
    vertx.setTimer(DOWN_SHOWN_MS, t -> {
      JsonObject gone = down.get(name);
      if (gone != null && gone.getLong("at") == at) {
        down.remove(name);
        figures.remove(name);
        history.forget(name);
        deliver(DashboardAddresses.NODES, nodesUpdate(System.currentTimeMillis()));
      }
    });
  }

  private void publishNotice(JsonObject notice) {
    vertx.eventBus().publish(DashboardAddresses.NOTICES, notice.put("at", System.currentTimeMillis()));
  }

  private void notice(JsonObject notice) {
    addToFeed(notice.getLong("at", System.currentTimeMillis()), notice.getString("kind", "notice"), notice.getString("text", ""),
      notice);
  }

  private void addToFeed(long at, String kind, String text, JsonObject fields) {
    deliver(DashboardAddresses.FEED, feed.add(at, kind, text, fields));
  }

  private void deliver(String stream, JsonObject update) {
    for (Consumer<JsonObject> watcher : watchers.getOrDefault(stream, List.of())) {
      watcher.accept(update);
    }
  }
}
