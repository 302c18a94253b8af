package multinode;

/**
 * A failure that carries its wire form: its snake_case code ({@code no_such_node}, {@code invalid_group},
 * …), the word the HTTP API, the event bus, the bridges and the console show for it, and the HTTP status
 * it answers with. Every capability's exception is one; {@link Failures} turns any failure into each wire
 * form, in one place each.
 */
public interface Coded {

  /** The failure's snake_case code. */
  String code();

  /** The HTTP status it answers with (also the event-bus failure code). */
  int status();
}
