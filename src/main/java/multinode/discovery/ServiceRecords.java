package multinode.discovery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.HttpEndpoint;
import multinode.Multinode;
import multinode.config.AdminSettings;
import multinode.config.BridgeSettings;
import multinode.config.HttpSettings;
import multinode.groups.GroupAddresses;
import multinode.node.NodeInfo;
import multinode.pubsub.PubSubAddresses;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The service-discovery records a node publishes. Each carries, in its metadata, the node's name
 * ({@code node}), its id ({@code nodeId}, by which the records of a node that is gone are reaped) and
 * multinode's version ({@code version}).
 * <ul>
 *   <li>{@value #WEB}: the public port, the chat page and its bridge ({@code http-endpoint});</li>
 *   <li>{@value #ADMIN}: the operator API ({@code http-endpoint}); metadata {@code auth} is {@code bearer}
 *       when it asks for {@code admin.token}, else {@code none};</li>
 *   <li>{@value #BRIDGE}: the TCP event-bus bridge, when it is on ({@value #TCP_BRIDGE}, location {@code host}, {@code port});</li>
 *   <li>{@value #GROUPS} and {@value #PUBSUB}: the groups and pubsub request APIs on the event bus
 *       ({@value #EVENTBUS_API}, location {@code endpoint}: the address to send requests to).</li>
 * </ul>
 */
public final class ServiceRecords {

  public static final String WEB = "multinode-web";
  public static final String ADMIN = "multinode-admin";
  public static final String BRIDGE = "multinode-bridge";
  public static final String GROUPS = "multinode-groups";
  public static final String PUBSUB = "multinode-pubsub";
  /** The type of the bridge's record. */
  public static final String TCP_BRIDGE = "tcp-eventbus-bridge";
  /** The type of a request/reply API on the event bus. */
  public static final String EVENTBUS_API = "eventbus-api";

  private ServiceRecords() {
  }

  /** multinode's version, from the jar's manifest ({@code dev} when running from classes). */
  public static String version() {
    String version = Multinode.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * Unpublishes every record that {@code match} accepts, then calls {@code removed} once with the names of
   * those removed here, by the name of the node they were of, when there were any (another node may have
   * removed some first: removing twice is harmless).
   */
  static void unpublishAll(ServiceDiscovery discovery, Predicate<Record> match, BiConsumer<String, List<String>> removed) {
    discovery.getRecords(match::test, true).onSuccess(records -> {
      List<Future<Record>> removals = records.stream()
        .map(record -> discovery.unpublish(record.getRegistration()).map(v -> record)).toList();
      Future.join(removals).onComplete(done -> removals.stream().filter(Future::succeeded).map(Future::result)
        .collect(Collectors.groupingBy(record -> String.valueOf(record.getMetadata().getString("node")), TreeMap::new,
          Collectors.mapping(Record::getName, Collectors.toList())))
        .forEach(removed));
    });
  }

  /** The node id a record carries, or null for a record that is not multinode's. */
  static String nodeId(Record record) {
    return record.getMetadata() == null ? null : record.getMetadata().getString("nodeId");
  }

  /** Where a listener bound to {@code host} is reached: the public URL's host when it listens on every interface. */
  private static String reachable(String host, URI web) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? web.getHost() : host;
  }

  /** The records of node {@code self}, whose HTTP servers and bridge listen on these ports. */
  static List<Record> of(NodeInfo self, HttpSettings http, AdminSettings admin, BridgeSettings bridge, int bridgePort) {
    JsonObject metadata = new JsonObject().put("node", self.name()).put("nodeId", self.id()).put("version", version());
    URI web = URI.create(self.httpUrl() != null ? self.httpUrl() : http.localUrl());
    List<Record> records = new ArrayList<>();
    records.add(HttpEndpoint.createRecord(WEB, web.getHost(), web.getPort(), "/", metadata.copy()));
    records.add(HttpEndpoint.createRecord(ADMIN, reachable(admin.host(), web), admin.port(), "/api",
      metadata.copy().put("auth", admin.tokenRequired() ? "bearer" : "none")));
    if (bridgePort > 0) {
      records.add(new Record().setName(BRIDGE).setType(TCP_BRIDGE)
        .setLocation(new JsonObject().put("host", reachable(bridge.on(self.eventBusHost()).host(), web)).put("port", bridgePort)).setMetadata(metadata.copy()));
    }
    records.add(new Record().setName(GROUPS).setType(EVENTBUS_API)
      .setLocation(new JsonObject().put("endpoint", GroupAddresses.API)).setMetadata(metadata.copy()));
    records.add(new Record().setName(PUBSUB).setType(EVENTBUS_API)
      .setLocation(new JsonObject().put("endpoint", PubSubAddresses.API)).setMetadata(metadata.copy()));
    return records;
  }
}
