package multinode.console;

/** Where the console prints: results of the command being run, and what arrives in between. */
public interface ConsoleOutput {

  /** A line of a command's result. */
  void line(String text);

  /**
   * A line that arrived on its own (a message for the console's subscriptions or membership, a spawned
   * task's output, a node going up or down): printed above the prompt without touching what is being typed.
   */
  void event(String text);

  /** A line of the node's log (a warning), printed as {@link #event} prints. */
  default void log(String text) {
    event(text);
  }

  /**
   * Whether messages for the console wait in its mailbox until a {@code receive} prints them (a script,
   * whose output must not depend on when they arrive), rather than print as they arrive.
   */
  default boolean holdsMessages() {
    return false;
  }
}
