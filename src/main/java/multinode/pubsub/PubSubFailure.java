package multinode.pubsub;

/** Why a pubsub operation failed; each has a snake_case code used over HTTP and the bridges. */
public enum PubSubFailure {
  /** The topic is empty, longer than {@value PubSub#MAX_TOPIC_LENGTH} characters or has control characters. */
  INVALID_TOPIC(400),
  /** {@code directBroadcast} named a node that is not in the cluster. */
  NO_SUCH_NODE(404),
  /** The adapter cannot carry messages right now (e.g. Redis is down); nothing was sent to other nodes. */
  ADAPTER_UNAVAILABLE(503);

  private final int status;

  PubSubFailure(int status) {
    this.status = status;
  }

  /** The HTTP status it answers with, e.g. {@code 404}. */
  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code invalid_topic}. */
  public String code() {
    return name().toLowerCase();
  }
}
