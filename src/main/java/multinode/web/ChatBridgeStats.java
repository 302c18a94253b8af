package multinode.web;

/** What the chat's browser bridge counts, for {@code /metrics}. */
public interface ChatBridgeStats {

  /** How many sockets are open now. */
  int openSockets();

  /** How many frames were refused with an {@code err} frame so far. */
  long rejected();

  /** How many sockets were closed so far because their client stopped reading. */
  long slowConsumersClosed();
}
