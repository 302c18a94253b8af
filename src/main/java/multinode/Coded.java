package multinode;

/**
 * A failure that carries its snake_case code ({@code no_such_node}, {@code invalid_group}, …): the word
 * the HTTP API, the bridges and the console show for it. Every capability's exception is one.
 */
public interface Coded {

  /** The failure's snake_case code. */
  String code();
}
