package multinode;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import multinode.bridge.BridgeStats;
import multinode.eval.EvalVerticle;
import multinode.groups.Groups;
import multinode.node.Nodes;
import multinode.pubsub.PubSubVerticle;
import multinode.web.WebVerticle;

/**
 * multinode's own meters, beside the ones Vert.x keeps (event bus, HTTP, WebSockets, pools) and the
 * JVM's. Each is read when {@code /metrics} is scraped, so none costs anything in between:
 * <ul>
 *   <li>{@code multinode_nodes}: nodes in the cluster as this node sees them, itself included;</li>
 *   <li>{@code multinode_group_members{scope="default",where="all"|"local"}}: members of all groups;</li>
 *   <li>{@code multinode_pubsub_messages_total{direction="published"|"delivered"}}: messages broadcast
 *     from this node, and deliveries to this node's subscribers (one per subscriber);</li>
 *   <li>{@code multinode_chat_sockets}: open browser sockets on the chat bridge;</li>
 *   <li>{@code multinode_bridge_clients}: connected TCP bridge clients;</li>
 *   <li>{@code multinode_bridge_rejected_total{bridge="sockjs"|"tcp"}}: frames refused with an
 *     {@code err} frame (bad input, or a request that failed);</li>
 *   <li>{@code multinode_bridge_slow_consumers_closed_total{bridge="sockjs"|"tcp"}}: clients closed
 *     because they stopped reading;</li>
 *   <li>{@code multinode_bridge_unauthorized_total{bridge="tcp"}}: clients dropped for a missing or wrong
 *     {@code bridge.token};</li>
 *   <li>{@code multinode_bridge_sessions_refused_total{bridge="sockjs"}}: new browser sessions refused
 *     (429) because their address holds or opens too many;</li>
 *   <li>{@code multinode_admin_unauthorized_total}: operator API requests refused (401) for a missing or
 *     wrong {@code admin.token};</li>
 *   <li>{@code multinode_eval_total{outcome="ok"|"compile_error"|"task_failed"|"stopped"|"eval_disabled"|"bad_args"}}:
 *     code sent to this node to run, by how it ended.</li>
 * </ul>
 */
final class NodeMeters {

  private NodeMeters() {
  }

  /** Registers the meters of a node's deployed capabilities. */
  static void bind(MeterRegistry registry, Nodes nodes, Groups groups, PubSubVerticle pubSub, WebVerticle web,
                   BridgeStats tcp, EvalVerticle eval) {
    BridgeStats chat = web.chatBridge();
    Gauge.builder("multinode.nodes", nodes, n -> n.list().size() + 1)
      .description("nodes in the cluster, this one included").register(registry);
    groupMembers(registry, groups, "all");
    groupMembers(registry, groups, "local");
    FunctionCounter.builder("multinode.pubsub.messages", pubSub, PubSubVerticle::published)
      .tag("direction", "published").description("messages broadcast from this node").register(registry);
    FunctionCounter.builder("multinode.pubsub.messages", pubSub, PubSubVerticle::delivered)
      .tag("direction", "delivered").description("deliveries to this node's subscribers").register(registry);
    Gauge.builder("multinode.chat.sockets", chat, BridgeStats::clients)
      .description("open browser sockets on the chat bridge").register(registry);
    Gauge.builder("multinode.bridge.clients", tcp, BridgeStats::clients)
      .description("connected TCP bridge clients").register(registry);
    FunctionCounter.builder("multinode.bridge.rejected", chat, BridgeStats::rejected)
      .tag("bridge", "sockjs").description("frames refused with an err frame").register(registry);
    FunctionCounter.builder("multinode.bridge.rejected", tcp, BridgeStats::rejected)
      .tag("bridge", "tcp").description("frames refused with an err frame").register(registry);
    FunctionCounter.builder("multinode.bridge.slow.consumers.closed", chat, BridgeStats::slowConsumersClosed)
      .tag("bridge", "sockjs").description("clients closed because they stopped reading").register(registry);
    FunctionCounter.builder("multinode.bridge.slow.consumers.closed", tcp, BridgeStats::slowConsumersClosed)
      .tag("bridge", "tcp").description("clients closed because they stopped reading").register(registry);
    FunctionCounter.builder("multinode.bridge.unauthorized", tcp, BridgeStats::unauthorized)
      .tag("bridge", "tcp").description("clients dropped for a missing or wrong bridge.token").register(registry);
    FunctionCounter.builder("multinode.bridge.sessions.refused", chat, BridgeStats::sessionsRefused)
      .tag("bridge", "sockjs").description("new sessions refused because their address holds or opens too many")
      .register(registry);
    FunctionCounter.builder("multinode.admin.unauthorized", web, WebVerticle::adminUnauthorized)
      .description("operator API requests refused for a missing or wrong admin.token").register(registry);
    for (String outcome : EvalVerticle.OUTCOMES) {
      FunctionCounter.builder("multinode.eval", eval, e -> e.evaluations(outcome)).tag("outcome", outcome)
        .description("code sent to this node to run, by how it ended").register(registry);
    }
  }

  private static void groupMembers(MeterRegistry registry, Groups groups, String where) {
    Gauge.builder("multinode.group.members", groups, g -> g.memberCount(where.equals("local")))
      .tags("scope", groups.scope(), "where", where)
      .description("members of all groups of the scope").register(registry);
  }
}
