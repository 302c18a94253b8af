package multinode.dashboard.impl;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import multinode.dashboard.DashboardVerticle.Sources;
import multinode.groups.Groups;
import multinode.node.NodeInfo;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's figures, as it answers a dashboard anywhere in the cluster: {@code name}, {@code id},
 * {@code eventBus}, {@code httpUrl}, {@code upSince}, {@code heapUsedMiB}, {@code heapMaxMiB},
 * {@code eventLoopLoad} (the event loops' CPU since the previous answer, in percent of their capacity),
 * {@code sockets} (browsers on the chat bridge), {@code bridgeClients} (TCP bridge), {@code published} and
 * {@code delivered} (pubsub messages since start), {@code localMembers} (group members living here, every
 * scope) and {@code topics} (topic → subscribers here). Read when asked, never in between.
 */
final class LocalFigures {

  private static final double MIB = 1024 * 1024;

  private final Nodes nodes;
  private final Groups groups;
  private final PubSub pubSub;
  private final Sources sources;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Set<Long> eventLoops = ConcurrentHashMap.newKeySet();
  private long lastAt = System.nanoTime();
  private long lastCpu;

  LocalFigures(Vertx vertx, Nodes nodes, Groups groups, PubSub pubSub, Sources sources) {
    this.nodes = nodes;
    this.groups = groups;
    this.pubSub = pubSub;
    this.sources = sources;
    // each event loop says which thread it is
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loop.execute(() -> eventLoops.add(Thread.currentThread().getId()));
    }
  }

  /** The figures now; call from one context at a time. */
  synchronized JsonObject now() {
    NodeInfo self = nodes.self();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    JsonObject topics = new JsonObject();
    pubSub.localSubscriptions().forEach(topics::put);
    return new JsonObject()
      .put("name", self.name())
      .put("id", self.id())
      .put("eventBus", self.eventBus())
      .put("httpUrl", self.httpUrl())
      .put("upSince", self.upSince().toString())
      .put("heapUsedMiB", Math.round(heap.getUsed() / MIB * 10) / 10.0)
      .put("heapMaxMiB", Math.round(heap.getMax() / MIB))
      .put("eventLoopLoad", eventLoopLoad())
      .put("sockets", sources.sockets().getAsInt())
      .put("bridgeClients", sources.bridgeClients().getAsInt())
      .put("published", sources.published().getAsLong())
      .put("delivered", sources.delivered().getAsLong())
      .put("localMembers", localMembers())
      .put("topics", topics);
  }

  private double eventLoopLoad() {
    long cpu = 0;
    for (long id : eventLoops) {
      cpu += Math.max(0, threads.getThreadCpuTime(id));
    }
    long at = System.nanoTime();
    double load = eventLoops.isEmpty() || at == lastAt ? 0
      : 100.0 * (cpu - lastCpu) / ((double) (at - lastAt) * eventLoops.size());
    lastAt = at;
    lastCpu = cpu;
    return Math.round(Math.max(0, Math.min(100, load)) * 10) / 10.0;
  }

  private int localMembers() {
    return groups.scopes().stream().mapToInt(scope -> groups.scope(scope).memberCount(true)).sum();
  }
}
