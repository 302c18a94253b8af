import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.config.ConfigLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A clustered node whose members the groups benchmark kills or freezes: it joins {@code count} members
 * to group {@code victim} and prints READY.
 * <p>
 * usage: {@code java -cp target/multinode.jar bench/GroupsVictim.java <cookie> <members list> <hazelcast port> <count>}
 */
public class GroupsVictim {

  public static void main(String[] args) throws Exception {
    JsonObject flags = new JsonObject()
      .put("node", new JsonObject().put("name", "victim@bench").put("cookie", args[0]))
      .put("cluster", new JsonObject().put("discovery", "static").put("members", args[1])
        .put("host", "127.0.0.1").put("hazelcastPort", Integer.parseInt(args[2])))
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", Integer.parseInt(args[4])))
      // the operator API on a port of its own choosing: the one beside the HTTP port may be taken
      .put("admin", new JsonObject().put("port", 0))
      // no TCP bridge: the port it would take beside the HTTP port may be taken too
      .put("bridge", new JsonObject().put("port", 0));
    Multinode node = Multinode.start(ConfigLoader.load(Map.of(), null, flags), true).await(60, TimeUnit.SECONDS);
    List<Future<Void>> joins = new ArrayList<>();
    for (int i = 0; i < Integer.parseInt(args[3]); i++) {
      joins.add(node.groups().member(msg -> { }, null).compose(m -> node.groups().join("victim", m)));
    }
    Future.all(joins).await(60, TimeUnit.SECONDS);
    System.out.println("MEMBERS JOINED");
  }
}
