package multinode.bridge;

/** What one bridge counts, for {@code /metrics}; both bridges count the same things. */
public interface BridgeStats {

  /** Clients (browser sockets, TCP connections) connected now. */
  int clients();

  /** Frames refused with an {@code err} frame so far: bad frames, denied addresses and failed requests alike. */
  long rejected();

  /** Clients closed so far because they stopped reading. */
  long slowConsumersClosed();

  /** Clients closed so far for a missing or wrong token, or none in time. */
  long unauthorized();

  /** New sessions refused so far because their address holds or opens too many. */
  long sessionsRefused();
}
