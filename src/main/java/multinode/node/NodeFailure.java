package multinode.node;

/** Why a request about a node failed; each has a snake_case code used over HTTP and the bridges. */
public enum NodeFailure {
  /** No node of the cluster has that name (it never joined, or it is down). */
  NO_SUCH_NODE(404);

  private final int status;

  NodeFailure(int status) {
    this.status = status;
  }

  /** The HTTP status it answers with, e.g. {@code 404}. */
  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code no_such_node}. */
  public String code() {
    return name().toLowerCase();
  }
}
