package multinode;

/**
 * The topics and event-bus addresses the capabilities use for their own traffic: the chat's room events
 * and presence, group replication, invoke frames and the rest, all under {@value #INTERNAL_PREFIX}. They
 * reach the wire only through their capability, which stamps and checks them: no HTTP route and no bridge
 * publishes to one directly.
 */
public final class Topics {

  /** The prefix of every internal topic and address. */
  public static final String INTERNAL_PREFIX = "multinode.";

  private Topics() {
  }

  /** Whether a topic or address is one of the capabilities' own. */
  public static boolean internal(String topic) {
    return topic.startsWith(INTERNAL_PREFIX);
  }

  /** Whether topics starting with {@code prefix} may include internal ones. */
  public static boolean reachesInternal(String prefix) {
    return INTERNAL_PREFIX.startsWith(prefix) || internal(prefix);
  }
}
