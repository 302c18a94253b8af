package multinode.eval;

import io.vertx.core.Vertx;
import multinode.chat.Chat;
import multinode.groups.Groups;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;

/**
 * What code sent with {@code spawn <node> { … }} (or {@link multinode.invoke.Invoke#eval}) sees besides
 * the JDK: these helpers, imported statically, and the imports JShell is given (see
 * docs/invoke.md). They answer for the node the code runs on.
 * <pre>{@code
 * spawn multinode-4001@127.0.0.1 { println(node()) }
 * spawn multinode-4001@127.0.0.1 { nodes().list().size() }
 * multicall { Runtime.getRuntime().totalMemory() / 1024 / 1024 }
 * }</pre>
 */
public final class Eval {

  /** The node of the code running on this thread (and the threads it starts), and where its output goes. */
  static final InheritableThreadLocal<Scope> SCOPE = new InheritableThreadLocal<>();

  /** A running evaluation's node and output. */
  record Scope(Nodes nodes, Groups groups, PubSub pubSub, Chat chat, Vertx vertx, Lines output) {
  }

  private Eval() {
  }

  /** This node's name, as Erlang's {@code node()}. */
  public static String node() {
    return scope().nodes().self().name();
  }

  /** This node's view of the cluster: {@code nodes().list()}, {@code nodes().ping(name)}, … */
  public static Nodes nodes() {
    return scope().nodes();
  }

  /** This node's process groups (Erlang's {@code pg}). */
  public static Groups groups() {
    return scope().groups();
  }

  /** This node's pubsub. */
  public static PubSub pubSub() {
    return scope().pubSub();
  }

  /** This node's chat rooms: {@code chat().rooms()}, {@code chat().presence(room)}, {@code chat().post(…)}. */
  public static Chat chat() {
    return scope().chat();
  }

  /** This node's Vert.x instance. */
  public static Vertx vertx() {
    return scope().vertx();
  }

  /** Prints a line on the caller's terminal (the same as {@code System.out.println}). */
  public static void println(Object value) {
    System.out.println(value);
  }

  /** Prints an empty line on the caller's terminal. */
  public static void println() {
    System.out.println();
  }

  private static Scope scope() {
    Scope scope = SCOPE.get();
    if (scope == null) {
      throw new IllegalStateException("only code run by eval has a node in scope");
    }
    return scope;
  }
}
