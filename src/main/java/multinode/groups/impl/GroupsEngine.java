package multinode.groups.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import multinode.groups.GroupAddresses;
import multinode.groups.GroupEvent;
import multinode.groups.GroupMember;
import multinode.groups.GroupMonitor;
import multinode.groups.GroupsException;
import multinode.node.NodeEvent;
import multinode.node.Nodes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Process groups replicated across the cluster, in the manner of Erlang's {@code pg}.
 * <p>
 * <b>Ownership.</b> Each node owns the members made on it and is the only one to change their
 * memberships ({@link LocalMembers}); it applies each change to its own {@link Replica} at once, on the
 * caller's thread, and sends it to the other nodes, numbered, in batches that the groups context
 * publishes ({@link GroupAddresses#OPS}) — so a join costs no thread hop and a burst of joins costs a
 * few messages.
 * <p>
 * <b>Replication.</b> A node that sees another come up asks it for a snapshot of its members
 * ({@link GroupAddresses#sync}); the snapshot says which op number it covers, and the owner's ops are
 * then applied in number order after it ({@link PeerStreams}). A node that goes down takes its members
 * with it: every replica drops them. A sweep every few seconds heals what a partition left behind:
 * members of nodes no longer in the cluster, nodes without a snapshot, and created groups.
 * <p>
 * <b>Created groups</b> (pg2) outlive any node, so they live in a clustered map ({@link CreatedGroups}).
 * Members need no such map: a member cannot outlive its node, and its node answers for it.
 * <p>
 * <b>Threads.</b> Every state change holds this engine's lock; reads take none (see {@link Replica}).
 * Batches are published only from the groups context, so they leave in number order.
 */
public final class GroupsEngine {

  private static final Logger log = LoggerFactory.getLogger(GroupsEngine.class);

  /** The first sync request's timeout; each retry doubles it, up to {@link #SYNC_TIMEOUT_MAX_MS}. */
  private static final long SYNC_TIMEOUT_MS = 1_000;
  private static final long SYNC_TIMEOUT_MAX_MS = 16_000;
  private static final long SYNC_RETRY_MS = 250;
  private static final long SWEEP_MS = 5_000;
  /** How often the created groups are read again when no node came or went: a lost op is rare. */
  private static final long LOAD_EVERY_MS = 60_000;
  /**
   * The most ops in one message: every batch names each member it joins in full (234 bytes of JSON for a
   * member without metadata), which every node parses and keeps, so a burst of joins by 100 members costs
   * that once per 10,000 ops. Such a batch is 74 KB, and a node reads and applies it in about 2 ms under
   * its lock (measured on 2 cores).
   */
  private static final int MAX_BATCH = 10_000;

  private final Vertx vertx;
  private final ContextInternal context;
  private final Nodes nodes;
  private final String selfId;
  final Replica replica;
  private final LocalMembers local = new LocalMembers();
  private final PeerStreams peers = new PeerStreams();
  private final Set<String> syncing = new HashSet<>();
  private final Monitors monitors = new Monitors();
  private final GoneMembers gone;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private List<Op> outbox = new ArrayList<>();
  private boolean flushScheduled;
  private long lastSeq;
  private final CreatedGroups created;
  private long sweepTimer = -1;
  /** Whether a node came or went since the created groups were last read whole; and when that was. */
  private boolean membershipChanged;
  private long loadedAt;

  /** Call from the groups verticle's context. */
  public GroupsEngine(Vertx vertx, Nodes nodes) {
    this.vertx = vertx;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.nodes = nodes;
    this.selfId = nodes.self().id();
    this.replica = new Replica(selfId);
    this.created = new CreatedGroups(nodes, replica, this);
    this.gone = new GoneMembers(vertx);
  }

  /** Registers the endpoints, loads created groups and fetches the other nodes' snapshots. */
  public Future<Void> start() {
    consumers.add(vertx.eventBus().consumer(GroupAddresses.OPS, msg -> onOps(msg.body())));
    consumers.add(vertx.eventBus().<String>consumer(GroupAddresses.sync(selfId), this::onSyncRequest));
    consumers.add(nodes.events(this::onNodeEvent));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
      .compose(v -> created.open(vertx))
      .compose(v -> load())
      .onSuccess(v -> {
        nodes.list().forEach(node -> sync(node.id()));
        sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> sweep());
      })
      .mapEmpty();
  }

  /** Stops the endpoints; the other nodes drop this node's members when it leaves the cluster. */
  public Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    gone.close();
    flush();
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  // ---- operations, each run on the caller's thread under the lock -----------------------------

  Future<GroupMember> member(Handler<Message<Object>> handler, JsonObject metadata) {
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    String id = UUID.randomUUID().toString();
    GroupMember member = new GroupMember(id, nodes.self().name(), selfId, GroupAddresses.member(selfId, id),
      caller.deploymentID(), metadata == null ? new JsonObject() : metadata.copy());
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(member.address(), handler);
    if (caller.deploymentID() != null) {
      caller.addCloseHook(completion -> {
        synchronized (this) {
          commit(local.remove(id));
        }
        context.runOnContext(v -> gone.add(member.address()));
        completion.succeed();
      });
    }
    return consumer.completion().map(v -> {
      synchronized (this) {
        local.add(member);
      }
      return member;
    });
  }

  Future<Void> join(String scope, String group, GroupMember... members) {
    return change(() -> local.join(scope, group, members));
  }

  Future<Void> leave(String scope, String group, GroupMember... members) {
    return change(() -> local.leave(scope, group, members));
  }

  /** Makes this node's own change under the lock; refused changes fail the future and change nothing. */
  private synchronized Future<Void> change(Supplier<List<Op>> ops) {
    try {
      commit(ops.get());
      return Future.succeededFuture();
    } catch (GroupsException e) {
      return Future.failedFuture(e);
    }
  }

  Future<Void> setCreated(String scope, String group, boolean exists) {
    return created.store(scope, group, exists).compose(v -> change(() -> {
      List<Op> ops = new ArrayList<>(List.of(Op.created(scope, group, exists)));
      if (!exists) {
        ops.addAll(local.clear(scope, group));
      }
      return ops;
    }));
  }

  /** The snapshot is taken under the lock, so the monitor's events are exactly the changes after it. */
  synchronized Future<GroupMonitor> monitor(String scope, String group, Handler<GroupEvent> handler) {
    Map<String, List<GroupMember>> snapshot = group == null ? replica.snapshot(scope) : Map.of(group, replica.members(scope, group));
    return Future.succeededFuture(monitors.add(scope, group, handler, (ContextInternal) vertx.getOrCreateContext(), snapshot));
  }

  /** Applies this node's own ops and queues them for the others; call holding the lock. */
  private void commit(List<Op> ops) {
    for (Op op : ops) {
      apply(op);
      outbox.add(op);
      lastSeq++;
    }
    if (!ops.isEmpty() && !flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  /** Publishes what the outbox holds, from the groups context only, so that batches leave in order. */
  private void flush() {
    List<Op> batch;
    long first;
    synchronized (this) {
      flushScheduled = false;
      batch = outbox;
      first = lastSeq - batch.size() + 1;
      outbox = new ArrayList<>();
    }
    if (!batch.isEmpty() && nodes.clustered()) {
      for (int from = 0; from < batch.size(); from += MAX_BATCH) {
        List<Op> part = batch.subList(from, Math.min(batch.size(), from + MAX_BATCH));
        vertx.eventBus().publish(GroupAddresses.OPS, Op.batch(selfId, first + from, part));
      }
    }
  }

  private void apply(Op op) {
    switch (op.kind()) {
      case JOIN -> {
        if (replica.join(op.scope(), op.group(), op.member())) {
          emit(GroupEvent.Type.JOIN, op.scope(), op.group(), op.member());
        }
      }
      case LEAVE -> emit(GroupEvent.Type.LEAVE, op.scope(), op.group(), replica.leave(op.scope(), op.group(), op.memberId()));
      case CREATE -> replica.setCreated(op.scope(), op.group(), true);
      case DELETE -> replica.setCreated(op.scope(), op.group(), false);
    }
  }

  /** A membership of a node that went away was dropped. */
  private void left(String scope, String group, GroupMember member) {
    emit(GroupEvent.Type.LEAVE, scope, group, member);
  }

  /** Tells the monitors of the group, if any, that the member (null: no change) joined or left. */
  private void emit(GroupEvent.Type type, String scope, String group, GroupMember member) {
    if (member != null && monitors.watching(scope, group)) {
      monitors.emit(new GroupEvent(type, scope, group, member));
    }
  }

  // ---- replication -----------------------------------------------------------------------------

  private synchronized void onOps(Object body) {
    if (body instanceof Buffer wire && selfId.equals(sender(wire))) {
      return;
    }
    Op.Batch batch = read(body);
    if (batch == null) {
      return;
    }
    String owner = batch.from();
    applyRemote(peers.receive(owner, batch.first(), batch.ops()));
    if (peers.needsSnapshot(owner) && nodes.byId(owner).isPresent()) {
      sync(owner);
    }
  }

  private void applyRemote(List<Op> ops) {
    for (Op op : ops) {
      apply(op);
      if (op.kind() == Op.Kind.DELETE) {
        // a deleted group loses every member, ours too
        commit(local.clear(op.scope(), op.group()));
      }
    }
  }

  /** This node's members and the number of its last op; ops not yet published are covered too. */
  private synchronized void onSyncRequest(Message<String> request) {
    request.reply(Op.snapshot(selfId, lastSeq, local.snapshot()));
  }

  private void sync(String owner) {
    sync(owner, SYNC_TIMEOUT_MS);
  }

  /**
   * Asks {@code owner} for a snapshot of its members. Right after a partition's merge a request can be
   * lost while the cluster's routing settles, so the first waits only a second; a big snapshot that
   * needs longer gets it on the retries.
   */
  private synchronized void sync(String owner, long timeoutMs) {
    if (!syncing.add(owner)) {
      return;
    }
    vertx.eventBus().request(GroupAddresses.sync(owner), selfId, new DeliveryOptions().setSendTimeout(timeoutMs))
      .onComplete(reply -> {
        synchronized (this) {
          syncing.remove(owner);
        }
        if (nodes.byId(owner).isEmpty()) {
          return;
        }
        Op.Batch snapshot = reply.succeeded() ? read(reply.result().body()) : null;
        if (snapshot != null) {
          replaceOwner(owner, snapshot);
          // a snapshot holds members only: groups the owner created in the ops it covers are read from
          // the clustered map, or they would show only through their members until the next sweep
          created.load();
        } else if (reply.failed()) {
          // the node came up but its groups endpoint is not registered yet: ask again shortly
          vertx.setTimer(SYNC_RETRY_MS, id -> sync(owner, Math.min(2 * timeoutMs, SYNC_TIMEOUT_MAX_MS)));
        }
      });
  }

  /**
   * A batch or snapshot in this node's protocol, or null: a node of another release is told of once, and
   * not listened to (one of the release before sends JSON); a batch cut short or garbled is told of in
   * one line and ignored, and the gap it leaves in its sender's numbers makes this node ask for the
   * sender's snapshot.
   */
  private Op.Batch read(Object body) {
    if (body instanceof Buffer wire) {
      try {
        return Op.read(wire, this::nameOf);
      } catch (RuntimeException unreadable) {
        String sender = sender(wire);
        log.warn("groups: a batch of {} bytes from {} could not be read ({}); ignored", wire.length(),
          sender == null ? "a node it does not name" : nameOf(sender), unreadable.toString());
        return null;
      }
    }
    if (body instanceof JsonObject json) {
      Op.PROTOCOL.understood(json, nameOf(json.getString("from", "(unknown)")));
    }
    return null;
  }

  /** Who sent a batch, or null if even that cannot be read. */
  private static String sender(Buffer wire) {
    try {
      return Op.from(wire);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private String nameOf(String nodeId) {
    return nodes.byId(nodeId).map(n -> n.name()).orElse(nodeId);
  }

  private synchronized void replaceOwner(String owner, Op.Batch snapshot) {
    List<Op> joins = snapshot.ops();
    Set<Replica.Key> kept = new HashSet<>();
    joins.forEach(op -> kept.add(new Replica.Key(op.scope(), op.group(), op.memberId())));
    for (Replica.Key key : replica.owned(owner)) {
      if (!kept.contains(key)) {
        emit(GroupEvent.Type.LEAVE, key.scope(), key.group(), replica.leave(key.scope(), key.group(), key.memberId()));
      }
    }
    joins.forEach(this::apply);
    applyRemote(peers.synced(owner, snapshot.seq()));
  }

  private synchronized void onNodeEvent(NodeEvent event) {
    membershipChanged = true;
    String id = event.node().id();
    if (event.type() == NodeEvent.Type.UP) {
      sync(id);
    } else {
      peers.forget(id);
      replica.dropOwner(id, this::left);
    }
  }

  /**
   * Heals after partitions and lost messages. Reading the created groups costs a query of every
   * partition, so it waits for a node to come or go (a merge or a death is when the map and the replicas
   * part), or for {@value #LOAD_EVERY_MS} ms.
   */
  private synchronized void sweep() {
    for (String owner : replica.owners()) {
      if (!owner.equals(selfId) && nodes.byId(owner).isEmpty()) {
        peers.forget(owner);
        replica.dropOwner(owner, this::left);
      }
    }
    nodes.list().stream().filter(node -> peers.needsSnapshot(node.id())).forEach(node -> sync(node.id()));
    if (membershipChanged || System.currentTimeMillis() - loadedAt >= LOAD_EVERY_MS) {
      membershipChanged = false;
      load();
    }
  }

  /** Reads the created groups; a read that was not whole (the cluster not safe) is taken again at the next sweep. */
  private Future<Boolean> load() {
    loadedAt = System.currentTimeMillis();
    return created.load().onComplete(whole -> {
      if (!whole.succeeded() || !whole.result()) {
        synchronized (this) {
          membershipChanged = true;
        }
      }
    });
  }
}
