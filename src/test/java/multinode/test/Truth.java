package multinode.test;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link LanCluster}'s nodes say, compared with what is true: every node, group member, presence,
 * service record, route and acknowledged chat message, each once. An empty list is a cluster that agrees
 * with the truth everywhere.
 */
public final class Truth {

  private final LanCluster cluster;

  public Truth(LanCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Differences in nodes, the group's members, the room's presences (one user per node), the service
   * records (five per node) and pings between every pair of nodes.
   */
  public List<String> differences(String group, Set<String> members, String room) {
    Set<String> names = Set.copyOf(cluster.names());
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      String node = LanCluster.name(i) + ": ";
      try {
        List<String> seen = cluster.nodeNames(i);
        if (seen.size() != cluster.size()) {
          differences.add(node + "nodes " + seen);
        }
        List<String> held = cluster.groupMembers(i, group);
        if (held.size() != members.size() || !members.containsAll(held)) {
          differences.add(node + held.size() + " members, " + held.stream().filter(m -> !members.contains(m)).count()
            + " ghosts, " + members.stream().filter(m -> !held.contains(m)).count() + " missing");
        }
        Set<String> presences = cluster.presenceNodes(i, room);
        if (!presences.equals(names)) {
          differences.add(node + "presences on " + presences);
        }
        List<JsonObject> records = cluster.records(i);
        Set<String> recordNodes = LanCluster.recordNodes(records);
        if (records.size() != 5 * cluster.size() || !recordNodes.equals(names)) {
          differences.add(node + records.size() + " records of " + recordNodes);
        }
        for (int j = 0; j < cluster.size(); j++) {
          if (i != j && !cluster.pong(i, j)) {
            differences.add(node + "pang from " + LanCluster.name(j));
          }
        }
      } catch (RuntimeException unreachable) {
        differences.add(node + unreachable);
      }
    }
    return differences;
  }

  /**
   * How the chat differs: a node whose history of the room lacks an acknowledged message or holds one
   * twice, a user who was not shown one.
   */
  public List<String> chatDifferences(String room, Set<String> said, List<ChatUser> users) {
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      try {
        List<String> history = cluster.historyIds(i, room);
        long missing = said.stream().filter(id -> !history.contains(id)).count();
        long twice = history.size() - new HashSet<>(history).size();
        if (missing > 0 || twice > 0) {
          differences.add(LanCluster.name(i) + ": history misses " + missing + " and repeats " + twice + " of " + said.size());
        }
      } catch (RuntimeException unreachable) {
        differences.add(LanCluster.name(i) + ": history " + unreachable);
      }
    }
    for (ChatUser user : users) {
      List<String> missing = said.stream().filter(id -> !user.ids().contains(id)).toList();
      if (!missing.isEmpty()) {
        differences.add(user + " misses " + missing.size() + " messages" + (missing.size() <= 3 ? " " + missing : "")
          + " (node1's epoch " + epoch(0, room) + ")");
      }
    }
    return differences;
  }

  private String epoch(int node, String room) {
    try {
      return cluster.get(node, "/api/chat/rooms/" + room + "/messages?limit=1").getString("epoch");
    } catch (RuntimeException unreachable) {
      return unreachable.toString();
    }
  }
}
