package multinode.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The bytes an evaluation prints, cut into lines for its caller (UTF-8; {@code \n} or {@code \r\n} ends a
 * line). After {@link #close()} (the evaluation is over) the rest of its threads' output goes to the
 * node's own standard output instead: nothing printed is dropped.
 */
final class Lines extends OutputStream {

  private final Consumer<String> caller;
  private final OutputStream afterwards;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean closed;

  Lines(Consumer<String> caller, OutputStream afterwards) {
    this.caller = caller;
    this.afterwards = afterwards;
  }

  @Override
  public synchronized void write(int b) {
    if (closed) {
      writeAfterwards(new byte[] {(byte) b}, 0, 1);
    } else if (b == '\n') {
      emit();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    if (closed) {
      writeAfterwards(bytes, offset, length);
      return;
    }
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  /** Sends what is left of an unfinished line, and from now on writes to the node's own output. */
  @Override
  public synchronized void close() {
    if (!closed && line.size() > 0) {
      emit();
    }
    closed = true;
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    caller.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }

  private void writeAfterwards(byte[] bytes, int offset, int length) {
    try {
      afterwards.write(bytes, offset, length);
    } catch (IOException e) {
      // the node's own output is gone: nowhere is left to print
    }
  }
}
