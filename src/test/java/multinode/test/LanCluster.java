package multinode.test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Nodes of the built jar on the hosts of a {@link Hosts} LAN, as the compose file runs them: node i
 * (0-based) is {@code multinode@node<i+1>} on host i, HTTP on 4000 + i, multicast discovery with nothing
 * configured. It starts them, reaches them as the operator's machine on the LAN does (or from inside a
 * host, while its cable is out), and reads what each says over HTTP: each node's operator API listens on its
 * LAN address, port 5000 + i, behind {@link #ADMIN_TOKEN}.
 */
public final class LanCluster implements AutoCloseable {

  /** The nodes' {@code admin.token}. */
  public static final String ADMIN_TOKEN = "lan-operator-token-0123456789";
  /** The nodes' {@code bridge.token}: their TCP bridges listen on every interface, for the services of the LAN. */
  public static final String BRIDGE_TOKEN = "lan-service-token-0123456789";

  private final Hosts lan;
  private final int size;
  private final List<Http> apis;
  private final List<NodeProcess> nodes = new ArrayList<>();

  public LanCluster(Hosts lan, int size) {
    this.lan = lan;
    this.size = size;
    this.apis = IntStream.range(0, size).mapToObj(i -> new Http(Hosts.address(i), adminPort(i), ADMIN_TOKEN)).toList();
  }

  /**
   * Starts every node and waits until each sees the others. The default cookie, as in the compose file:
   * the LAN is the test's own. Rooms keep more than any load says, so every message of a run can be looked
   * for in the history.
   */
  public void start() {
    for (int i = 0; i < size; i++) {
      nodes.add(NodeProcess.startIn(lan.host(i).name(), "node" + (i + 1), Map.of("MULTINODE_NODE_NAME", name(i),
        "MULTINODE_HTTP_PORT", String.valueOf(port(i)), "MULTINODE_CHAT_HISTORY_LIMIT", "100000",
        "MULTINODE_ADMIN_HOST", Hosts.address(i), "MULTINODE_ADMIN_TOKEN", ADMIN_TOKEN,
        "MULTINODE_BRIDGE_HOST", "0.0.0.0", "MULTINODE_BRIDGE_TOKEN", BRIDGE_TOKEN), "-cluster"));
    }
    nodes.forEach(NodeProcess::awaitReady);
    Poll.until(Duration.ofSeconds(30), "every node sees the others", () ->
      IntStream.range(0, size).allMatch(i -> nodeNames(i).size() == size));
  }

  /** Stops every node. */
  @Override
  public void close() {
    nodes.forEach(NodeProcess::close);
    nodes.clear();
  }

  public int size() {
    return size;
  }

  public NodeProcess process(int node) {
    return nodes.get(node);
  }

  public List<NodeProcess> processes() {
    return List.copyOf(nodes);
  }

  public static String name(int node) {
    return "multinode@node" + (node + 1);
  }

  public List<String> names() {
    return IntStream.range(0, size).mapToObj(LanCluster::name).toList();
  }

  public static int port(int node) {
    return 4000 + node;
  }

  /** Node {@code node}'s operator port (the default: its HTTP port + 1000). */
  public static int adminPort(int node) {
    return 5000 + node;
  }

  /** Where a client on the LAN reaches node {@code node}'s HTTP port. */
  public static String endpoint(int node) {
    return Hosts.address(node) + ":" + port(node);
  }

  /** {@code count} members of {@code group} on every node (the task groups.join), by node, once all see them. */
  public Map<Integer, Set<String>> joinMembers(String group, int count) {
    Map<Integer, Set<String>> members = new HashMap<>();
    for (int i = 0; i < size; i++) {
      String result = apis.get(0).post("/api/nodes/" + name(i) + "/tasks/groups.join",
        new JsonObject().put("group", group).put("count", count).encode()).body();
      String last = result.lines().reduce((a, b) -> b).orElseThrow();
      members.put(i, new JsonObject(last).getJsonObject("value").getJsonArray("members").stream()
        .map(String::valueOf).collect(Collectors.toSet()));
    }
    Poll.until(Duration.ofSeconds(10), "every node sees every member",
      () -> IntStream.range(0, size).allMatch(i -> groupMembers(i, group).size() == count * size));
    return members;
  }

  // ---- what a node says over HTTP

  public List<String> nodeNames(int node) {
    return get(node, "/api/nodes").getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getString("name")).toList();
  }

  public List<String> groupMembers(int node, String group) {
    JsonArray members = get(node, "/api/groups/" + group).getJsonArray("members", new JsonArray());
    return members.stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  /** The nodes the room's present users are on. */
  public Set<String> presenceNodes(int node, String room) {
    Set<String> names = new HashSet<>();
    get(node, "/api/chat/rooms").getJsonArray("rooms").stream().map(r -> (JsonObject) r)
      .filter(r -> room.equals(r.getString("room")))
      .forEach(r -> r.getJsonObject("presences").forEach(p -> ((JsonObject) p.getValue()).getJsonArray("metas")
        .forEach(meta -> names.add(((JsonObject) meta).getString("node")))));
    return names;
  }

  public List<JsonObject> records(int node) {
    return get(node, "/api/services").getJsonArray("services").stream().map(r -> (JsonObject) r).toList();
  }

  /** The nodes that published these service records. */
  public static Set<String> recordNodes(List<JsonObject> records) {
    return records.stream().map(r -> r.getJsonObject("metadata").getString("node")).collect(Collectors.toSet());
  }

  public boolean pong(int from, int to) {
    return "pong".equals(get(from, "/api/nodes/" + name(to) + "/ping").getString("result"));
  }

  /** The ids of a room's whole history as a node serves it, paged back from the newest, oldest first. */
  public List<String> historyIds(int node, String room) {
    List<String> ids = new ArrayList<>();
    String before = "";
    while (true) {
      JsonObject page = get(node, "/api/chat/rooms/" + room + "/messages?limit=200" + before);
      List<String> messages = page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("id")).toList();
      ids.addAll(0, messages);
      if (!page.getBoolean("more") || messages.isEmpty()) {
        return ids;
      }
      before = "&before=" + page.getJsonArray("messages").getJsonObject(0).getLong("seq");
    }
  }

  public JsonObject get(int node, String path) {
    return new JsonObject(apis.get(node).get(path).body());
  }

  /** A POST that must be accepted (202); anything else throws. */
  public JsonObject post(int node, String path, JsonObject body) {
    HttpResponse<String> response = apis.get(node).post(path, body.encode());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** A GET from inside the node's own host: what its local clients see while its cable is out. */
  public JsonObject inside(int node, String path) {
    return new JsonObject(Netns.sh("ip", "netns", "exec", lan.host(node).name(), "curl", "-s", "-m", "5",
      "-H", "authorization: " + apis.get(node).authorization(), apis.get(node).uri(path).toString()));
  }

  public JsonObject postInside(int node, String path, JsonObject body) {
    return new JsonObject(Netns.sh("ip", "netns", "exec", lan.host(node).name(), "curl", "-s", "-m", "5",
      "-H", "authorization: " + apis.get(node).authorization(), "-H", "content-type: application/json", "-d", body.encode(), apis.get(node).uri(path).toString()));
  }
}
