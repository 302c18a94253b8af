package multinode.bridge.impl;

/** A browser's socket on a browser bridge, SockJS's or the raw WebSocket, as its bridge keeps it. */
public interface BrowserSocket {

  /**
   * The bridge's sweep, every quarter of {@value BrowserPolicy#IDLE_TIMEOUT_MS} ms: closes the socket if it
   * sent nothing for that long (it then leaves its rooms), and sends what its protocol sends unasked.
   */
  void sweep(long now);

  /** What a bridge does as one of its sockets opens and ends; each is called once, on the socket's context. */
  interface Lifecycle {

    void opened(BrowserSocket socket);

    void ended(BrowserSocket socket);
  }
}
