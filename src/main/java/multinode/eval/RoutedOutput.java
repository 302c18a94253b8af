package multinode.eval;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.out} and {@code System.err} that send what an evaluation's threads print to its caller
 * ({@link Eval.Scope#output()}), and everything else where it went before. Installed once per JVM, by the
 * first node that runs evaluations; a thread outside any evaluation pays one thread-local read per write.
 */
final class RoutedOutput extends OutputStream {

  private static PrintStream originalOut;

  private final PrintStream original;

  private RoutedOutput(PrintStream original) {
    this.original = original;
  }

  /** Routes {@code System.out} and {@code System.err}; returns the standard output as it was before. */
  static synchronized PrintStream install() {
    if (originalOut == null) {
      originalOut = System.out;
      System.setOut(new PrintStream(new RoutedOutput(System.out), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new RoutedOutput(System.err), true, StandardCharsets.UTF_8));
    }
    return originalOut;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    Eval.Scope scope = Eval.SCOPE.get();
    if (scope == null) {
      original.write(bytes, offset, length);
    } else {
      scope.output().write(bytes, offset, length);
    }
  }

  @Override
  public void flush() {
    original.flush();
  }
}
