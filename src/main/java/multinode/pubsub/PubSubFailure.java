package multinode.pubsub;

/** Why a pubsub operation failed; each has a snake_case code used over HTTP and the bridges. */
public enum PubSubFailure {
  /** The topic is empty, longer than {@value PubSub#MAX_TOPIC_LENGTH} characters or has control characters. */
  INVALID_TOPIC,
  /** {@code directBroadcast} named a node that is not in the cluster. */
  NO_SUCH_NODE,
  /** The adapter cannot carry messages right now (e.g. Redis is down); nothing was sent to other nodes. */
  ADAPTER_UNAVAILABLE;

  /** The wire code, e.g. {@code invalid_topic}. */
  public String code() {
    return name().toLowerCase();
  }
}
