package multinode.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.Coded;
import multinode.MultinodeVerticle;
import multinode.groups.GroupMember;
import multinode.invoke.NodeResult;
import multinode.node.NodeEvent;
import multinode.node.NodeInfo;
import multinode.node.Ping;
import multinode.pubsub.Subscription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static multinode.console.Arguments.encode;
import static multinode.console.Arguments.json;
import static multinode.console.Arguments.message;
import static multinode.console.Arguments.number;

/**
 * The console's commands, the tutorial's iex session in Java: each one a call on the same APIs as
 * everything else (nodes, groups, pubsub, invoke, chat). The console is a node and, once it has joined a
 * group, a member of it, as {@code self} is in iex.
 * <p>
 * Commands run one at a time on the console's thread and wait for their result; what arrives meanwhile
 * (messages for the console's member or subscriptions, node events) goes to {@link ConsoleOutput#event}.
 */
public final class Commands {

  /** How the console completes a command's arguments. */
  enum Arg { NODE, TASK, GROUP, TOPIC, ROOM, TEXT }

  private record Command(String usage, String summary, List<Arg> args, Action action) {
  }

  @FunctionalInterface
  private interface Action {
    void run(String[] args) throws Exception;
  }

  /** How long a command waits for its result. */
  static final long TIMEOUT_MS = 30_000;

  private final MultinodeVerticle node;
  private final ConsoleOutput out;
  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Map<String, Subscription> subscriptions = new TreeMap<>();
  private final Mailbox mailbox;
  private GroupMember member;

  public Commands(MultinodeVerticle node, ConsoleOutput out) {
    this.node = node;
    this.out = out;
    this.mailbox = new Mailbox(out);
    define("help", "", "this list", List.of(), a -> help());
    define("nodes", "", "the other nodes of the cluster (Node.list)", List.of(), a -> nodes());
    define("self", "", "this node's name (node())", List.of(), a -> out.line(node.nodes().self().name()));
    define("ping", "<node>", "pong or pang (Node.ping)", List.of(Arg.NODE), a -> ping(a[0]));
    define("spawn", "<node> <task> [json] | <node> { java }", "runs a task there, or Java statements; the output prints "
      + "here (Node.spawn)", List.of(Arg.NODE, Arg.TASK, Arg.TEXT), a -> {
        String code = code(a, 1);
        if (code != null) {
          eval(a[0], code);
        } else {
          spawn(a[0], a[1], json(a, 2));
        }
      });
    define("call", "<node> <task> [json]", "runs a task there and prints its result (erpc:call)",
      List.of(Arg.NODE, Arg.TASK, Arg.TEXT), a -> call(a[0], a[1], json(a, 2)));
    define("multicall", "<task> [json] | { java }", "runs a task, or Java statements, on every node (erpc:multicall)",
      List.of(Arg.TASK, Arg.TEXT), a -> {
        String code = code(a, 0);
        if (code != null) {
          multicallEval(code);
        } else {
          multicall(a[0], json(a, 1));
        }
      });
    define("groups", "", "every group (pg:which_groups)", List.of(), a -> lines(node.groups().whichGroups().stream().sorted()
      .toList()));
    define("create", "<group>", "creates a group (pg2:create)", List.of(Arg.TEXT), a -> {
      await(node.groups().create(a[0]));
      out.line("ok");
    });
    define("delete", "<group>", "deletes a group (pg2:delete)", List.of(Arg.GROUP), a -> {
      await(node.groups().delete(a[0]));
      out.line("ok");
    });
    define("join", "<group>", "the console joins the group (pg:join with self)", List.of(Arg.GROUP), a -> join(a[0]));
    define("leave", "<group>", "the console leaves the group (pg:leave)", List.of(Arg.GROUP), a -> leave(a[0]));
    define("members", "<group>", "the group's members on every node (pg:get_members)", List.of(Arg.GROUP),
      a -> members(node.groups().members(a[0]), a[0]));
    define("local-members", "<group>", "the group's members on this node (pg:get_local_members)", List.of(Arg.GROUP),
      a -> members(node.groups().localMembers(a[0]), a[0]));
    define("closest", "<group>", "the member a message to the group would go to (pg2:get_closest_pid)",
      List.of(Arg.GROUP), a -> out.line(describe(await(node.groups().closest(a[0])))));
    define("sub", "<topic>", "subscribes the console to a topic (PubSub.subscribe)", List.of(Arg.TEXT), a -> sub(a[0]));
    define("unsub", "<topic>", "unsubscribes (PubSub.unsubscribe)", List.of(Arg.TOPIC), a -> unsub(a[0]));
    define("pub", "<topic> <text|json>", "broadcasts to every subscriber (PubSub.broadcast)", List.of(Arg.TEXT, Arg.TEXT),
      a -> {
        await(node.pubSub().broadcast(a[0], message(a[1])));
        out.line("ok");
      });
    define("rooms", "", "the chat rooms and who is in them", List.of(), a -> rooms());
    define("say", "<room> <text>", "says something in a chat room", List.of(Arg.ROOM, Arg.TEXT), a -> say(a[0], a[1]));
    define("receive", "[count] [ms]", "waits for count messages (default 1) for the console; a script prints them here",
      List.of(Arg.TEXT, Arg.TEXT), this::receive);
    define("quit", "", "stops this node and leaves", List.of(), a -> { });
    node.nodes().events(event -> out.event(event.type() == NodeEvent.Type.UP ? "node up: " + event.node().name()
      : "node down: " + event.node().name() + " (" + event.reason().name().toLowerCase() + ")"));
  }

  /**
   * Runs one command line.
   *
   * @return false when the line was {@code quit}
   * @throws ConsoleException with the line to show when it fails
   */
  public boolean run(String line) {
    String trimmed = line.trim();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return true;
    }
    String name = trimmed.split("\\s+", 2)[0];
    Command command = commands.get(name);
    if (command == null) {
      throw new ConsoleException("unknown command: " + name + " (help lists them)");
    }
    if (name.equals("quit")) {
      return false;
    }
    String[] args = Arguments.split(trimmed, command.args().size(), command.usage());
    try {
      command.action().run(args);
    } catch (ConsoleException e) {
      throw e;
    } catch (Exception e) {
      throw new ConsoleException(e instanceof Coded coded ? coded.code() + ": " + e.getMessage()
        : name + " failed: " + e.getMessage());
    }
    return true;
  }

  /** The command names, in the order help lists them. */
  public List<String> names() {
    return List.copyOf(commands.keySet());
  }

  /** The candidates for argument {@code index} (0-based) of {@code command}. */
  public List<String> candidates(String command, int index) {
    Command found = commands.get(command);
    if (found == null || index >= found.args().size()) {
      return List.of();
    }
    return switch (found.args().get(index)) {
      case NODE -> Stream.concat(Stream.of(node.nodes().self()), node.nodes().list().stream()).map(NodeInfo::name).toList();
      case TASK -> node.invoke().tasks().keySet().stream().sorted().toList();
      case GROUP -> node.groups().whichGroups().stream().sorted().toList();
      case TOPIC -> List.copyOf(subscriptions.keySet());
      case ROOM -> List.copyOf(node.chat().rooms());
      case TEXT -> List.of();
    };
  }

  /** The console's subscriptions and membership end with it. */
  public void close() {
    subscriptions.values().forEach(s -> node.pubSub().unsubscribe(s));
  }

  private void define(String name, String usage, String summary, List<Arg> args, Action action) {
    commands.put(name, new Command(usage, summary, args, action));
  }

  private void help() {
    commands.forEach((name, command) -> out.line(String.format("  %-34s %s", name + " " + command.usage(), command.summary())));
  }

  private void nodes() {
    lines(node.nodes().list().stream().map(NodeInfo::name).sorted().toList());
  }

  /** One line each, or {@code (none)}: an empty answer is an answer too. */
  private void lines(List<String> answer) {
    if (answer.isEmpty()) {
      out.line("(none)");
    }
    answer.forEach(out::line);
  }

  private void ping(String name) {
    Ping ping = await(node.nodes().ping(name));
    out.line(ping.pong() ? "pong (" + ping.rttMicros() + " µs)" : "pang");
  }

  private void spawn(String target, String task, JsonObject args) {
    Object result = await(node.invoke().spawn(target, task, args, TIMEOUT_MS, out::line).result());
    out.line("=> " + encode(result));
  }

  /** Runs Java statements on the node: what they print shows here, then {@code => value} of the last expression. */
  private void eval(String target, String code) {
    Object result = await(node.invoke().eval(target, code, TIMEOUT_MS, out::line).result());
    if (result != null) {
      out.line("=> " + result);
    }
  }

  /** Runs Java statements on every node at once; prints each node's output and value, node by node. */
  private void multicallEval(String code) {
    List<String> targets = Stream.concat(Stream.of(node.nodes().self()), node.nodes().list().stream())
      .map(NodeInfo::name).sorted().toList();
    Map<String, List<String>> printed = new LinkedHashMap<>();
    List<Future<Object>> results = new ArrayList<>();
    for (String target : targets) {
      List<String> lines = new CopyOnWriteArrayList<>();
      printed.put(target, lines);
      results.add(node.invoke().eval(target, code, TIMEOUT_MS, lines::add).result());
    }
    awaitEach(Future.join(results));
    for (int i = 0; i < targets.size(); i++) {
      String target = targets.get(i);
      printed.get(target).forEach(line -> out.line(target + ": " + line));
      Future<Object> result = results.get(i);
      if (result.failed()) {
        out.line(target + ": " + (result.cause() instanceof Coded coded ? coded.code() + " " : "") + result.cause().getMessage());
      } else if (result.result() != null) {
        out.line(target + ": => " + result.result());
      }
    }
  }

  private void call(String target, String task, JsonObject args) {
    out.line(encode(await(node.invoke().call(target, task, args, TIMEOUT_MS))));
  }

  private void multicall(String task, JsonObject args) {
    for (NodeResult result : await(node.invoke().multicall(task, args, TIMEOUT_MS))) {
      out.line(result.node() + ": " + (result.ok() ? encode(result.value()) : result.failure().code() + " " + result.message()));
    }
  }

  private void join(String group) {
    if (member == null) {
      member = await(node.groups().member(message -> {
        mailbox.arrived("[" + node.nodes().self().name() + "] got " + encode(message.body()));
        if (message.replyAddress() != null) {
          message.reply(new JsonObject().put("console", node.nodes().self().name()));
        }
      }, new JsonObject().put("console", true)));
    }
    await(node.groups().join(group, member));
    out.line("ok, " + member.id() + " joined " + group);
  }

  private void leave(String group) {
    if (member == null) {
      throw new ConsoleException("not_joined: the console is in no group");
    }
    await(node.groups().leave(group, member));
    out.line("ok");
  }

  private void members(List<GroupMember> members, String group) {
    if (!node.groups().exists(group)) {
      throw new ConsoleException("no_such_group: no group " + group);
    }
    lines(members.stream().map(this::describe).toList());
  }

  private String describe(GroupMember m) {
    return m.id() + " on " + m.node() + (member != null && m.id().equals(member.id()) ? " (this console)" : "");
  }

  private void sub(String topic) {
    if (subscriptions.containsKey(topic)) {
      out.line("already subscribed to " + topic);
      return;
    }
    subscriptions.put(topic, await(node.pubSub().subscribe(topic, message -> mailbox.arrived("[" + topic + "] "
      + encode(message.body() instanceof io.vertx.core.buffer.Buffer b ? b.toString() : message.body())))));
    out.line("ok");
  }

  private void unsub(String topic) {
    Subscription subscription = subscriptions.remove(topic);
    if (subscription == null) {
      throw new ConsoleException("not_subscribed: the console is not subscribed to " + topic);
    }
    await(node.pubSub().unsubscribe(subscription));
    out.line("ok");
  }

  private void rooms() {
    lines(node.chat().rooms().stream()
      .map(room -> room + ": " + String.join(", ", new java.util.TreeSet<>(node.chat().presence(room).fieldNames()))).toList());
  }

  private void say(String room, String text) {
    String name = node.nodes().self().name();
    JsonObject said = await(node.chat().post(room, name.length() > 32 ? name.substring(0, 32) : name, text));
    out.line("ok, seq " + said.getLong("seq"));
  }

  private void receive(String[] args) throws InterruptedException {
    mailbox.receive(args.length > 0 ? number(args[0], "count") : 1, args.length > 1 ? number(args[1], "ms") : 5000);
  }

  /**
   * The Java statements of {@code spawn <node> { … }} or {@code multicall { … }}: the arguments from
   * {@code from} on, when they are a block; null when they are a task's name and arguments.
   */
  private static String code(String[] args, int from) {
    if (args.length <= from || !args[from].startsWith("{")) {
      return null;
    }
    String block = String.join(" ", Arrays.copyOfRange(args, from, args.length)).trim();
    if (!block.endsWith("}") || block.length() < 2) {
      throw new ConsoleException("usage: { java statements } (the block ends with })");
    }
    return block.substring(1, block.length() - 1);
  }

  /** Waits until every part of a joined future has ended, whichever way. */
  private static void awaitEach(Future<?> joined) {
    try {
      joined.await(TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ConsoleException("timeout: no answer within " + TIMEOUT_MS / 1000 + " s");
    } catch (Exception e) {
      // the parts' own failures are printed one by one
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ConsoleException("timeout: no answer within " + TIMEOUT_MS / 1000 + " s");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ConsoleException(e.getMessage());
    }
  }
}
