package multinode.process;

import io.vertx.core.json.JsonObject;
import multinode.test.FreePorts;
import multinode.test.NodeProcess;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as users script it: {@code java -jar multinode.jar -cluster --eval …} and commands piped
 * into {@code --console}, each a node of its own joining a 2-node cluster of jar processes. Results are
 * on stdout; the first error is one line on stderr and exit code 1.
 */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {

  private final String cookie = "console-" + UUID.randomUUID();
  private final List<Integer> hazelcastPorts = FreePorts.take(4);
  private final HttpClient http = HttpClient.newHttpClient();
  private NodeProcess a;
  private NodeProcess b;
  private int aHttp;

  @BeforeAll
  void startTwoNodes() {
    aHttp = FreePorts.take(1).get(0);
    a = NodeProcess.start("a@console", env("a@console", 0, aHttp), "-cluster").awaitReady();
    // b runs code typed at a prompt (the tutorial's Node.spawn of a fun); a does not
    Map<String, String> bEnv = env("b@console", 1, FreePorts.take(1).get(0));
    bEnv.put("MULTINODE_INVOKE_EVAL_ENABLED", "true");
    bEnv.put("MULTINODE_INVOKE_EVAL_ALLOW_WITHOUT_TLS", "true");
    b = NodeProcess.start("b@console", bEnv, "-cluster").awaitReady();
    a.awaitLine("node up: b@console", Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    b.close();
    a.close();
  }

  @Test
  void everyCommandPrintsItsResult() throws Exception {
    // alice is in the lobby through a's bridge, as a browser would be
    List<String> aliceGot = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.net.http.WebSocket alice = http.newWebSocketBuilder().buildAsync(
      URI.create("ws://127.0.0.1:" + aHttp + "/eventbus/websocket"), new java.net.http.WebSocket.Listener() {
        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
          aliceGot.add(data.toString());
          socket.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
    alice.sendText("{\"type\":\"register\",\"address\":\"multinode.chat.room.lobby\"}", true).get(10, TimeUnit.SECONDS);
    alice.sendText("{\"type\":\"send\",\"address\":\"multinode.chat.requests\",\"replyAddress\":\"r1\","
      + "\"body\":{\"type\":\"join\",\"room\":\"lobby\",\"nick\":\"alice\"}}", true).get(10, TimeUnit.SECONDS);
    Poll.until(Duration.ofSeconds(10), "alice joined", () -> aliceGot.stream().anyMatch(f -> f.contains("\"address\":\"r1\"")));

    Run run = console(null, "c@console", 2, "self", "nodes", "ping b@console", "call b@console node.name",
      "spawn b@console seq {\"count\":3}", "multicall node.name", "create rockstars", "join rockstars", "groups",
      "local-members rockstars", "leave rockstars", "members rockstars", "delete rockstars", "groups",
      "sub news", "pub news hello", "receive", "pub news {\"n\":2}", "receive", "unsub news", "say lobby hello from the console",
      "rooms", "help", "quit", "self");

    assertThat(run.exit).as(run.describe()).isZero();
    List<String> out = run.stdout;
    assertThat(out.get(0)).isEqualTo("c@console");
    assertThat(out.subList(1, 3)).containsExactly("a@console", "b@console");
    assertThat(out.get(3)).matches("pong \\(\\d+ µs\\)");
    assertThat(out.subList(4, 9)).containsExactly("\"b@console\"", "1", "2", "3", "=> 3");
    assertThat(out.subList(9, 12)).containsExactly("a@console: \"a@console\"", "b@console: \"b@console\"",
      "c@console: \"c@console\"");
    assertThat(out.get(12)).isEqualTo("ok");
    assertThat(out.get(13)).matches("ok, \\S+ joined rockstars");
    String member = out.get(13).split(" ")[1];
    // groups, local-members, then leave, members (none left), delete, groups (none left)
    assertThat(out.subList(14, 20)).containsExactly("rockstars", member + " on c@console (this console)", "ok", "(none)", "ok",
      "(none)");
    // a script's messages wait for receive
    assertThat(out.subList(20, 26)).containsExactly("ok", "ok", "[news] {\"text\":\"hello\"}", "ok", "[news] {\"n\":2}", "ok");
    assertThat(out.get(26)).matches("ok, seq \\d+");
    assertThat(out.get(27)).isEqualTo("lobby: alice");
    Poll.until(Duration.ofSeconds(10), "alice got the console's message",
      () -> aliceGot.stream().anyMatch(f -> f.contains("\"text\":\"hello from the console\"") && f.contains("\"from\":\"c@console\"")));
    alice.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    assertThat(out.subList(28, out.size())).anyMatch(line -> line.trim().startsWith("local-members <group>"))
      .noneMatch(line -> line.equals("c@console"));
    assertThat(run.stderr).noneMatch(line -> line.startsWith("error"));
  }

  @Test
  void codeTypedAtThePromptRunsOnTheOtherNodeAndPrintsHereNotThere() throws Exception {
    assertThat(b.lines()).contains("eval: on (invoke.eval.enabled), without TLS (invoke.eval.allowWithoutTls): "
      + "any node with the cookie runs code here");

    long logged = evaluationsLoggedOnB();
    Run run = console(null, "c@console", 2, "spawn b@console { println(node()) }",
      "spawn b@console { int sum = 0; for (int i = 1; i <= 4; i++) { System.out.println(i); sum += i; } sum }",
      "multicall { node().length() }");

    assertThat(run.exit).as(run.describe()).isZero();
    assertThat(run.stdout).containsExactly("b@console", "1", "2", "3", "4", "=> 10",
      "a@console: eval_disabled a@console runs no code sent to it (invoke.eval.enabled is off)", "b@console: => 9",
      "c@console: eval_disabled c@console runs no code sent to it (invoke.eval.enabled is off)");
    // on b: one log line per evaluation, never the code's output
    Poll.until(Duration.ofSeconds(10), "b logged the three evaluations", () -> evaluationsLoggedOnB() == logged + 3);
    assertThat(b.lines()).noneMatch(line -> line.equals("b@console") || line.equals("4"));

    // over HTTP, from a's operator API
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminPort()
      + "/api/nodes/b@console/eval")).POST(HttpRequest.BodyPublishers.ofString("println(node()); 6 * 7")).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines().toList()).containsExactly("{\"type\":\"output\",\"line\":\"b@console\"}",
      "{\"type\":\"result\",\"value\":\"42\"}");
    assertThat(b.lines()).noneMatch(line -> line.equals("b@console"));
    assertThat(a.lines()).noneMatch(line -> line.equals("b@console"));

    assertError(console(null, "c@console", 2, "spawn b@console { int x = \"text\"; }"),
      "error: compile_error: line 1, column 10: incompatible types: java.lang.String cannot be converted to int");
    assertError(console(null, "c@console", 2, "spawn b@console { println(1)"),
      "error: usage: { java statements } (the block ends with })");
  }

  @Test
  void theTutorialsPg2FlowRunsAcrossNodes() throws Exception {
    // the first console joins, subscribes and waits; it ends once it has its message
    Process first = start("create rockstars\njoin rockstars\nsub rockstars.news\nreceive 1 60000\nmembers rockstars\n",
      "c@console", 2, "--console");
    Poll.until(Duration.ofSeconds(60), "a lists the console's member of rockstars", () -> membersOnA("rockstars") == 1);

    Run second = console(null, "d@console", 3, "members rockstars", "closest rockstars", "pub rockstars.news {\"song\":\"Rock Lobster\"}");
    Run firstRun = finish(first);

    assertThat(second.exit).as(second.describe()).isZero();
    assertThat(second.stdout.get(0)).matches("\\S+ on c@console").isEqualTo(second.stdout.get(1));
    assertThat(firstRun.exit).as(firstRun.describe()).isZero();
    assertThat(firstRun.stdout).containsSequence("[rockstars.news] {\"song\":\"Rock Lobster\"}");
    assertThat(firstRun.stdout.get(firstRun.stdout.size() - 1)).endsWith(" on c@console (this console)");
  }

  @Test
  void anErrorIsOneLineAndExitsOne() throws Exception {
    assertError(console(null, "c@console", 2, "self", "dance"), "error: unknown command: dance (help lists them)");
    assertError(console("self\nping nowhere@console\nself\n", "c@console", 2, "--console"),
      "error: no_such_node: no node named nowhere@console");
    assertError(console(null, "c@console", 2, "call b@console echo {bad"),
      "error: bad JSON: {bad (arguments are a JSON object, e.g. {\"n\":3})");
    assertError(console(null, "c@console", 2, "create " + "x".repeat(300)), "error: invalid_group: ");
  }

  @Test
  void anInteractiveSessionCompletesNodeNamesAndPrintsMessagesAboveTheLineBeingTyped() throws Exception {
    String session = "console-" + UUID.randomUUID().toString().substring(0, 8);
    Path home = Files.createTempDirectory("console-home");
    StringBuilder command = new StringBuilder("env");
    env("c@console", 2, FreePorts.take(1).get(0)).forEach((key, value) -> command.append(' ').append(key).append('=').append(value));
    // the history follows HOME, not the account's home the JVM would name
    command.append(" HOME=").append(home).append(' ').append(Path.of(System.getProperty("java.home"), "bin", "java")).append(" -Xmx256m -jar ")
      .append(NodeProcess.jar().toAbsolutePath()).append(" -cluster --console");
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "40", command.toString());
    try {
      awaitScreen(session, "the prompt", screen -> lastLine(screen).equals("c@console>"));

      tmux("send-keys", "-t", session, "ping a@con", "Tab");
      awaitScreen(session, "the node name completed", screen -> lastLine(screen).equals("c@console> ping a@console"));
      tmux("send-keys", "-t", session, "Enter");
      awaitScreen(session, "the pong", screen -> screen.matches("(?s).*\\npong \\(\\d+ µs\\)\\n.*"));
      // the tutorial's Node.spawn(node, fn -> IO.puts :erlang.node end), typed
      tmux("send-keys", "-t", session, "spawn b@console { println(node()) }", "Enter");
      awaitScreen(session, "b's name printed here", screen -> screen.contains("c@console> spawn b@console { println(node()) }\nb@console\nc@console>"));
      tmux("send-keys", "-t", session, "sub news", "Enter");
      awaitScreen(session, "subscribed", screen -> lastLine(screen).equals("c@console>") && screen.contains("sub news\nok"));

      tmux("send-keys", "-t", session, "say lob");
      awaitScreen(session, "the typed text", screen -> lastLine(screen).equals("c@console> say lob"));
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminPort() + "/api/pubsub/news"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"breaking\"}")).build(), HttpResponse.BodyHandlers.ofString());

      awaitScreen(session, "the message above the prompt, the typed line intact", screen ->
        screen.contains("[news] {\"text\":\"breaking\"}\nc@console> say lob") && lastLine(screen).equals("c@console> say lob"));

      // a node under the console's name: the console's node warns, and the warning goes above the prompt too
      try (NodeProcess impostor = NodeProcess.start("impostor", env("c@console", 3, FreePorts.take(1).get(0)), "-cluster")) {
        awaitScreen(session, "the warning above the prompt, the typed line intact", screen ->
          screen.matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  ignoring node c@console \\([^)]+\\): that name is taken\\n.*")
            && lastLine(screen).equals("c@console> say lob")
            && screen.lines().noneMatch(line -> line.startsWith("c@console> ") && line.contains("WARN")));
      }
      tmux("send-keys", "-t", session, "C-u", "quit", "Enter");
      Poll.until(Duration.ofSeconds(30), "the console ends its session", () -> !tmuxSucceeds("has-session", "-t", session));
      assertThat(Files.readString(home.resolve(".multinode_history"))).contains("ping a@console", "sub news", "quit");
    } finally {
      tmuxSucceeds("kill-session", "-t", session);
    }
  }

  private long evaluationsLoggedOnB() {
    return b.lines().stream().filter(line -> line.contains("INFO  eval from c@console: ")).count();
  }

  private static String lastLine(String screen) {
    List<String> lines = screen.lines().map(String::stripTrailing).filter(line -> !line.isEmpty()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static void awaitScreen(String session, String what, java.util.function.Predicate<String> ready) {
    String[] screen = {""};
    Poll.until(Duration.ofSeconds(60), what, () -> {
      screen[0] = tmuxOutput("capture-pane", "-p", "-t", session).lines().map(String::stripTrailing)
        .collect(Collectors.joining("\n"));
      return ready.test(screen[0]);
    });
  }

  private static void tmux(String... args) throws Exception {
    if (!tmuxSucceeds(args)) {
      throw new IllegalStateException("tmux " + String.join(" ", args) + " failed");
    }
  }

  private static boolean tmuxSucceeds(String... args) {
    return tmuxRun(args).exit() == 0;
  }

  private static String tmuxOutput(String... args) {
    return tmuxRun(args).output();
  }

  private static multinode.test.Command tmuxRun(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux"));
    command.addAll(List.of(args));
    return multinode.test.Command.run(command.toArray(new String[0]));
  }

  private static void assertError(Run run, String error) {
    assertThat(run.exit).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr.stream().filter(line -> line.startsWith("error:"))).singleElement().asString().startsWith(error);
    assertThat(run.stdout).allMatch(line -> line.equals("c@console"), "only the results before the error");
  }

  private int membersOnA(String group) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminPort() + "/api/groups/"
        + group)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? new JsonObject(response.body()).getJsonArray("members").size() : 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Run(int exit, List<String> stdout, List<String> stderr) {
    String describe() {
      return "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
    }
  }

  /** A console with {@code --eval} for each command (or {@code args} as given, with {@code stdin} piped), run to its end. */
  private Run console(String stdin, String name, int port, String... commands) throws Exception {
    List<String> args = new ArrayList<>();
    if (stdin == null) {
      for (String command : commands) {
        args.add("--eval");
        args.add(command);
      }
    } else {
      args.addAll(List.of(commands));
    }
    return finish(start(stdin, name, port, args.toArray(new String[0])));
  }

  private Process start(String stdin, String name, int port, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", NodeProcess.jar().toString(), "-cluster"));
    command.addAll(List.of(args));
    Path dir = Files.createTempDirectory("console");
    ProcessBuilder builder = new ProcessBuilder(command)
      .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("MULTINODE_"));
    builder.environment().putAll(env(name, port, FreePorts.take(1).get(0)));
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process process = builder.start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    outputs.put(process, dir);
    return process;
  }

  private final Map<Process, Path> outputs = new HashMap<>();

  private Run finish(Process process) throws Exception {
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Path dir = outputs.remove(process);
    return new Run(process.isAlive() ? -1 : process.exitValue(), Files.readAllLines(dir.resolve("out")),
      Files.readAllLines(dir.resolve("err")));
  }

  private Map<String, String> env(String name, int port, int httpPort) {
    return NodeProcess.loopbackEnv(name, cookie, hazelcastPorts, hazelcastPorts.get(port), httpPort, 0);
  }
}
