package multinode.node.impl;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import multinode.config.ConfigException;
import multinode.config.NodeConfig;
import multinode.node.NodeAddresses;
import multinode.node.NodeEvent;
import multinode.node.NodeEvent.Reason;
import multinode.node.NodeException;
import multinode.node.NodeFailure;
import multinode.node.NodeInfo;
import multinode.node.Nodes;
import multinode.node.Ping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Nodes} over Hazelcast membership and the Vert.x node-info map.
 * <p>
 * A node is <em>up</em> once it is a Hazelcast member <em>and</em> its Vert.x node info (event-bus
 * address and multinode metadata) is readable: the member appears a little before its event bus
 * starts, so membership events alone would announce nodes nobody can reach yet. Both sources are
 * watched (membership listener, entry listener on {@code __vertx.nodeInfo}) and every resolution
 * attempt is idempotent, so whichever arrives last announces the node, exactly once. An entry event
 * can be lost while partitions migrate (a member joining as another leaves), so every
 * {@value #RESOLVE_AGAIN_MS} ms the members not resolved yet are looked up again.
 * <p>
 * A node is <em>down</em> when Hazelcast drops it. It {@link Reason#LEFT left} if it said goodbye
 * first (see {@link #stop()}), otherwise it {@link Reason#CRASHED crashed}.
 * <p>
 * All state changes run on the owning verticle's context; the maps are concurrent only so that reads
 * from other threads see a consistent snapshot.
 */
public final class HazelcastNodes implements Nodes {

  private static final Logger log = LoggerFactory.getLogger(Nodes.class);
  private static final String NODE_INFO_MAP = "__vertx.nodeInfo";
  private static final long GOODBYE_TIMEOUT_MS = 1000;
  static final long RESOLVE_AGAIN_MS = 1000;

  private final VertxInternal vertx;
  private final ContextInternal context;
  private final NodeConfig config;
  private final ClusterManager clusterManager;
  private final Map<String, NodeInfo> others = new ConcurrentHashMap<>();
  private final Set<String> leaving = ConcurrentHashMap.newKeySet();
  /** Members whose node info says they are not multinode nodes (other Vert.x services): never looked up again. */
  private final Set<String> strangers = ConcurrentHashMap.newKeySet();
  /** Nodes ignored for a taken name, each said once (the look-up that finds one runs again and again). */
  private final Set<String> impostors = ConcurrentHashMap.newKeySet();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private NodeInfo self;
  private HazelcastWatch watch;
  private ClusterSafety safety;
  private long resolveAgain = -1;

  /** Call from the owning verticle's context. */
  public HazelcastNodes(Vertx vertx, NodeConfig config) {
    this.vertx = (VertxInternal) vertx;
    this.context = this.vertx.getOrCreateContext();
    this.config = config;
    this.clusterManager = this.vertx.clusterManager();
  }

  /** Registers the ping and goodbye endpoints, then starts watching the cluster. */
  public Future<Void> start() {
    self = describeSelf();
    MessageConsumer<String> ping = vertx.eventBus().consumer(NodeAddresses.ping(self.id()), msg -> msg.reply("pong"));
    MessageConsumer<String> goodbye = vertx.eventBus().consumer(NodeAddresses.goodbye(self.id()), msg -> {
      leaving.add(msg.body());
      msg.reply("ok");
    });
    consumers.add(ping);
    consumers.add(goodbye);
    return Future.all(ping.completion(), goodbye.completion())
      .compose(v -> clustered() ? watchCluster() : Future.succeededFuture());
  }

  /**
   * Tells every other node that this one is leaving, so they report {@link Reason#LEFT} rather than
   * {@link Reason#CRASHED}, then stops watching. Nodes that do not answer within a second are not
   * waited for.
   */
  public Future<Void> stop() {
    DeliveryOptions quick = new DeliveryOptions().setSendTimeout(GOODBYE_TIMEOUT_MS);
    // a node already cut off from the cluster cannot leave cleanly: the others must see a crash
    boolean connected = !clustered() || hazelcast().getLifecycleService().isRunning();
    List<Future<?>> goodbyes = !connected ? List.of() : others.keySet().stream()
      .<Future<?>>map(id -> vertx.eventBus().request(NodeAddresses.goodbye(id), self.id(), quick))
      .toList();
    vertx.cancelTimer(resolveAgain);
    return Future.join(goodbyes)
      .otherwiseEmpty()
      .compose(v -> watch == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
        watch.close();
        safety.close();
        return null;
      }))
      .compose(v -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
      .mapEmpty();
  }

  @Override
  public NodeInfo self() {
    return self;
  }

  @Override
  public List<NodeInfo> list() {
    return others.values().stream().sorted(Comparator.comparing(NodeInfo::name)).toList();
  }

  @Override
  public Optional<NodeInfo> byName(String name) {
    if (self.name().equals(name)) {
      return Optional.of(self);
    }
    return others.values().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  @Override
  public Optional<NodeInfo> byId(String nodeId) {
    return self.id().equals(nodeId) ? Optional.of(self) : Optional.ofNullable(others.get(nodeId));
  }

  @Override
  public boolean clustered() {
    return clusterManager != null;
  }

  @Override
  public Future<Boolean> ready() {
    if (!clustered()) {
      return Future.succeededFuture(true);
    }
    return safety == null ? Future.succeededFuture(false) : safety.safe();
  }

  @Override
  public Future<Ping> ping(String name) {
    Optional<NodeInfo> target = byName(name);
    if (target.isEmpty()) {
      return Future.failedFuture(new NodeException(NodeFailure.NO_SUCH_NODE, "no node named " + name));
    }
    long start = System.nanoTime();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.pingTimeoutMs());
    return vertx.eventBus().request(NodeAddresses.ping(target.get().id()), "ping", options)
      .map(reply -> Ping.pong((System.nanoTime() - start) / 1000))
      .otherwise(failure -> Ping.pang());
  }

  @Override
  public MessageConsumer<Long> merges(Handler<Long> handler) {
    return vertx.eventBus().localConsumer(NodeAddresses.MERGES, msg -> handler.handle(msg.body()));
  }

  @Override
  public MessageConsumer<JsonObject> events(Handler<NodeEvent> handler) {
    return vertx.eventBus().localConsumer(NodeAddresses.EVENTS, msg -> handler.handle(NodeEvent.fromJson(msg.body())));
  }

  private NodeInfo describeSelf() {
    if (!clustered()) {
      return new NodeInfo(config.name(), UUID.randomUUID().toString(), null, 0,
        config.http().localUrl(), Instant.now());
    }
    return NodeMetadata.toNodeInfo(clusterManager.getNodeId(), clusterManager.getNodeInfo());
  }

  private HazelcastInstance hazelcast() {
    return ((HazelcastClusterManager) clusterManager).getHazelcastInstance();
  }

  private Future<Void> watchCluster() {
    HazelcastInstance hazelcast = hazelcast();
    return vertx.<Void>executeBlocking(() -> {
      refuseDuplicateName(hazelcast);
      watch = new HazelcastWatch(hazelcast);
      safety = new ClusterSafety(vertx, context, hazelcast);
      return null;
    }).onSuccess(v -> {
      clusterManager.getNodes().forEach(this::resolve);
      resolveAgain = vertx.setPeriodic(RESOLVE_AGAIN_MS, t -> {
        List<String> members = clusterManager.getNodes();
        strangers.retainAll(members);
        members.forEach(this::resolve);
      });
    });
  }

  private void refuseDuplicateName(HazelcastInstance hazelcast) {
    boolean taken = hazelcast.getCluster().getMembers().stream()
      .filter(member -> !member.localMember())
      .anyMatch(member -> self.name().equals(member.getAttribute(HazelcastSetup.NAME_ATTRIBUTE)));
    if (taken) {
      throw new ConfigException("node.name", "\"" + self.name()
        + "\" is already the name of another node of this cluster; give this node another name");
    }
  }

  /** Announces the node once its node info is readable; safe to call any number of times. */
  private void resolve(String nodeId) {
    if (nodeId == null || nodeId.equals(self.id()) || others.containsKey(nodeId) || strangers.contains(nodeId)) {
      return;
    }
    clusterManager.getNodeInfo(nodeId, (info, failure) -> {
      if (failure == null && NodeMetadata.isNode(info)) {
        context.runOnContext(v -> up(NodeMetadata.toNodeInfo(nodeId, info)));
      } else if (failure == null && info != null) {
        // a Vert.x member that is not a multinode node (another service in the cluster): never one of the nodes
        strangers.add(nodeId);
      }
      // no info yet: the entry listener or the next look-up finds it once the node has written it
    });
  }

  private void up(NodeInfo node) {
    // the member may have gone between the lookup and now; membership is the truth
    if (others.containsKey(node.id()) || !clusterManager.getNodes().contains(node.id())) {
      return;
    }
    if (byName(node.name()).isPresent()) {
      // a newcomer with a taken name refuses to start by itself (refuseDuplicateName); never announce it
      if (impostors.add(node.id())) {
        log.warn("ignoring node {} ({}): that name is taken", node.name(), node.id());
      }
      return;
    }
    others.put(node.id(), node);
    emit(NodeEvent.up(node));
    // opens the event-bus connection now, so that the first real ping or request is not the one that
    // pays for it (about half a second between two fresh JVMs)
    ping(node.name());
  }

  private void down(String nodeId) {
    impostors.remove(nodeId);
    NodeInfo node = others.remove(nodeId);
    boolean saidGoodbye = leaving.remove(nodeId);
    if (node != null) {
      emit(NodeEvent.down(node, saidGoodbye ? Reason.LEFT : Reason.CRASHED));
    }
  }

  private void emit(NodeEvent event) {
    log.info("{}", event);
    vertx.eventBus().publish(NodeAddresses.EVENTS, event.toJson(), new DeliveryOptions().setLocalOnly(true));
  }

  /** The Hazelcast listeners; their callbacks run on Hazelcast threads and hop to the context. */
  private final class HazelcastWatch implements MembershipListener, LifecycleListener,
    EntryAddedListener<String, Object>, EntryUpdatedListener<String, Object> {

    private final HazelcastInstance hazelcast;
    private final UUID membershipId;
    private final UUID lifecycleId;
    private volatile boolean closed;

    HazelcastWatch(HazelcastInstance hazelcast) {
      this.hazelcast = hazelcast;
      this.membershipId = hazelcast.getCluster().addMembershipListener(this);
      hazelcast.getMap(NODE_INFO_MAP).addEntryListener(this, false);
      this.lifecycleId = hazelcast.getLifecycleService().addLifecycleListener(this);
    }

    /**
     * Stops listening. The map's entry listener stays registered: removing it asks every member and waits
     * for all of them without a deadline, and a stop once hung there for over 100 s after another member
     * crashed. It goes when this member leaves the cluster, and until then its events are ignored.
     */
    void close() {
      closed = true;
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycleId);
      if (hazelcast.getLifecycleService().isRunning()) {
        hazelcast.getCluster().removeMembershipListener(membershipId);
      }
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        log.info("this node's side of a partition merged into the cluster");
        vertx.eventBus().publish(NodeAddresses.MERGES, System.currentTimeMillis(), new DeliveryOptions().setLocalOnly(true));
      }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      resolve(event.getMember().getAttribute(NodeMetadata.NODE_ID_ATTRIBUTE));
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      String nodeId = event.getMember().getAttribute(NodeMetadata.NODE_ID_ATTRIBUTE);
      ClusterTransitions.gone(nodeId);
      context.runOnContext(v -> down(nodeId));
    }

    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, Object> event) {
      if (!closed) {
        resolve(event.getKey());
      }
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, Object> event) {
      if (!closed) {
        resolve(event.getKey());
      }
    }
  }
}
