package multinode.chat.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One socket in one room: its presence ref, nickname, and node. */
record Presence(String ref, String nick, String node, String nodeId) {

  JsonObject toJson() {
    return new JsonObject().put("ref", ref).put("nick", nick).put("node", node).put("nodeId", nodeId);
  }

  static Presence fromJson(JsonObject json) {
    return new Presence(json.getString("ref"), json.getString("nick"), json.getString("node"), json.getString("nodeId"));
  }

  static JsonArray write(List<Presence> presences) {
    JsonArray array = new JsonArray();
    presences.forEach(p -> array.add(p.toJson()));
    return array;
  }

  static List<Presence> read(JsonArray array) {
    List<Presence> presences = new ArrayList<>();
    if (array != null) {
      array.forEach(item -> presences.add(fromJson((JsonObject) item)));
    }
    return presences;
  }
}
