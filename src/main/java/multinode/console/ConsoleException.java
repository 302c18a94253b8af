package multinode.console;

/** A command that cannot run: its one-line message is what the user sees. */
public final class ConsoleException extends RuntimeException {

  public ConsoleException(String message) {
    super(message, null, false, false);
  }
}
