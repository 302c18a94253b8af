package multinode.bridge;

/** What one bridge counts, for {@code /metrics}; both bridges count the same things. */
public interface BridgeStats {

  /** Clients (browser sockets, TCP connections) connected now. */
  int clients();

  /** Frames refused with an {@code err} frame so far: bad frames, denied addresses and failed requests alike. */
  long rejected();

  /** Clients closed so far because they stopped reading. */
  long slowConsumersClosed();
}
