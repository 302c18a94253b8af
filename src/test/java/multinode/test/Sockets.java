package multinode.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Checks on plain blocking sockets, the kind a client that stops reading uses. */
public final class Sockets {

  private Sockets() {
  }

  /**
   * Reads whatever the other end sent until the connection ends (end of stream or reset).
   *
   * @return false if it is still open after {@code silence} without a byte
   */
  public static boolean readsToTheEnd(Socket socket, Duration silence) throws IOException {
    socket.setSoTimeout((int) silence.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[1 << 16];
    try {
      while (in.read(buffer) >= 0) {
        // the kernel's buffers still hold what was sent before the end
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
