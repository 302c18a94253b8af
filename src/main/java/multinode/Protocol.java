package multinode;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version of one protocol nodes speak to each other (groups replication, pubsub batches, presence,
 * invoke frames), carried in every frame as {@code "v"}. A frame of another version comes from a node of
 * another release: it is not read (it could be misread), and its sender is named once in a WARN.
 */
public final class Protocol {

  private static final Logger log = LoggerFactory.getLogger(Protocol.class);

  private final String name;
  private final int version;
  private final Set<String> strangers = ConcurrentHashMap.newKeySet();

  /**
   * @param name how the log names it, e.g. {@code groups}
   * @param version this release's version of it
   */
  public Protocol(String name, int version) {
    this.name = name;
    this.version = version;
  }

  public int version() {
    return version;
  }

  /** Marks a frame as this version's; returns it. */
  public JsonObject stamp(JsonObject frame) {
    return frame.put("v", version);
  }

  /** Whether a frame is in this version; a sender of another is warned of once, by the name given. */
  public boolean understood(JsonObject frame, String sender) {
    return frame.getValue("v") instanceof Number v && v.intValue() == version || stranger(sender, frame.getValue("v", "none"));
  }

  /** Whether a binary frame that says it is in version {@code v} is in this one; as {@link #understood(JsonObject, String)}. */
  public boolean understood(int v, String sender) {
    return v == version || stranger(sender, v);
  }

  private boolean stranger(String sender, Object theirs) {
    if (strangers.add(sender)) {
      log.warn("{}: node {} speaks {} protocol {}, this node {}; what it sends is ignored", name, sender, name, theirs, version);
    }
    return false;
  }
}
