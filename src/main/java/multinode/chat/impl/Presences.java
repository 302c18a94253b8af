package multinode.chat.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;

/** Phoenix.Presence's JSON shapes. */
final class Presences {

  private Presences() {
  }

  /** {@code {"<nick>": {"metas": [{"phx_ref": …, "node": …}, …]}, …}}: one meta per socket. */
  static JsonObject byNick(Collection<Presence> presences) {
    JsonObject byNick = new JsonObject();
    for (Presence p : presences) {
      JsonObject entry = byNick.getJsonObject(p.nick());
      if (entry == null) {
        entry = new JsonObject().put("metas", new JsonArray());
        byNick.put(p.nick(), entry);
      }
      entry.getJsonArray("metas").add(new JsonObject().put("phx_ref", p.ref()).put("node", p.node()));
    }
    return byNick;
  }

  /** {@code {"type":"presence_state","room":…,"presences":{…}}}. */
  static JsonObject state(String room, JsonObject presences) {
    return new JsonObject().put("type", "presence_state").put("room", room).put("presences", presences);
  }

  /** {@code {"type":"presence_diff","room":…,"joins":{…},"leaves":{…}}}. */
  static JsonObject diff(String room, Collection<Presence> joins, Collection<Presence> leaves) {
    return new JsonObject().put("type", "presence_diff").put("room", room)
      .put("joins", byNick(joins)).put("leaves", byNick(leaves));
  }
}
