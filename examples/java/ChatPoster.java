import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import multinode.config.ConfigLoader;
import multinode.config.NodeConfig;
import multinode.node.impl.HazelcastSetup;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A small Vert.x service that joins multinode's cluster (not as a node: as another Vert.x member), finds a
 * node's operator API (the {@code multinode-admin} record) through vertx-service-discovery and posts a notice
 * into a chat room, with {@code Authorization: Bearer $MULTINODE_ADMIN_TOKEN} when that is set. The operator
 * API listens on loopback unless the node says otherwise, so by default this runs on the node's machine.
 * <p>
 * It reads the same MULTINODE_* variables as a node (cookie, discovery, members, cluster host), so it
 * joins whatever cluster a node with those variables joins:
 * <pre>
 * java -cp target/multinode.jar examples/java/ChatPoster.java lobby "backup finished"
 * </pre>
 */
public class ChatPoster {

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java -cp target/multinode.jar examples/java/ChatPoster.java <room> <text>");
      System.exit(2);
    }
    System.setProperty("hazelcast.logging.type", "slf4j");
    NodeConfig config = ConfigLoader.load(System.getenv(), null, new JsonObject()
      .put("node", new JsonObject().put("name", "chat-poster-" + ProcessHandle.current().pid()))
      .put("bridge", new JsonObject().put("port", 0)));
    VertxOptions options = new VertxOptions();
    if (!config.cluster().host().isEmpty()) {
      options.getEventBusOptions().setHost(config.cluster().host());
    }
    Vertx vertx = Vertx.builder().with(options)
      // a lite member: it owns no partitions, so leaving soon after joining never risks the nodes' data
      .withClusterManager(new HazelcastClusterManager(HazelcastSetup.config(config).setLiteMember(true)))
      .buildClustered().await(60, TimeUnit.SECONDS);
    int exit = 1;
    try {
      ServiceDiscovery discovery = ServiceDiscovery.create(vertx);
      Record web = discovery.getRecord(new JsonObject().put("name", "multinode-admin")).await(10, TimeUnit.SECONDS);
      if (web == null) {
        System.err.println("no multinode node found in cluster " + config.clusterName());
      } else {
        JsonObject location = web.getLocation();
        URI uri = URI.create("http://" + location.getString("host") + ":" + location.getInteger("port")
          + "/api/chat/rooms/" + URLEncoder.encode(args[0], StandardCharsets.UTF_8) + "/messages");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        String token = System.getenv("MULTINODE_ADMIN_TOKEN");
        if (token != null && !token.isBlank()) {
          request.header("Authorization", "Bearer " + token.trim());
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", args[1]).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
        System.out.println("found " + web.getMetadata().getString("node") + " (multinode " + web.getMetadata().getString("version")
          + ") through service discovery; " + uri.getPath() + " answered " + response.statusCode() + " " + response.body());
        exit = response.statusCode() / 100 == 2 ? 0 : 1;
      }
      discovery.close();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    System.exit(exit);
  }
}
