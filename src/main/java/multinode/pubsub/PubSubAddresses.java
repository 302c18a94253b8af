package multinode.pubsub;

/** The pubsub capability's event-bus addresses that other services may use. */
public final class PubSubAddresses {

  /**
   * The pubsub request API for other Vert.x services in the cluster: {@code {"action":"broadcast","topic","message"}}
   * or {@code {"action":"direct_broadcast","node","topic","message"}}.
   */
  public static final String API = "multinode.pubsub.api";

  private PubSubAddresses() {
  }
}
