package multinode.eval;

import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.invoke.InvokeException;
import multinode.invoke.InvokeFailure;
import multinode.invoke.Spawned;
import multinode.node.Ping;
import multinode.test.ClusterNodes;
import multinode.test.Http;
import multinode.test.Metrics;
import multinode.test.Poll;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Code written at a prompt, run on another node: a and b run code sent to them, c does not. Every
 * outcome a caller can see, the helpers, and a loop stopped at its timeout while its node keeps answering.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvalClusterTest {

  private static final JsonObject EVAL_ON = new JsonObject().put("invoke", new JsonObject()
    .put("eval", new JsonObject().put("enabled", true).put("allowWithoutTls", true)));

  private final ClusterNodes cluster = new ClusterNodes(4);
  private Multinode a;
  private Multinode b;
  private Multinode c;

  @BeforeAll
  void startThreeNodes() {
    a = cluster.start(cluster.config("a@eval", EVAL_ON));
    b = cluster.start(cluster.config("b@eval", EVAL_ON));
    c = cluster.start("c@eval");
    cluster.awaitFormed();
  }

  @AfterAll
  void stopNodes() {
    cluster.close();
  }

  @Test
  void theTutorialsSpawnPrintsTheOtherNodesNameOnTheCaller() {
    List<String> lines = new CopyOnWriteArrayList<>();

    Object value = await(c.invoke().eval("b@eval", "println(node())", 10_000, lines::add).result());

    assertThat(lines).containsExactly("b@eval");
    assertThat(value).as("a statement has no value").isNull();
  }

  @Test
  void outputArrivesInOrderFromBothStreamsAndTheLastExpressionIsTheValue() {
    List<String> lines = new CopyOnWriteArrayList<>();
    String source = """
      for (int i = 1; i <= 3; i++) {
        System.out.println("line " + i);
      }
      System.out.print("no newline, ");
      println("then println");
      System.err.println("and stderr");
      String.join("-", List.of("x", "y"))""";

    Object value = await(a.invoke().eval("b@eval", source, 10_000, lines::add).result());

    assertThat(lines).containsExactly("line 1", "line 2", "line 3", "no newline, then println", "and stderr");
    assertThat(value).isEqualTo("\"x-y\"");
  }

  @Test
  void theHelpersAnswerForTheNodeTheCodeRunsOn() {
    await(b.groups().create("eval-helpers"));
    Poll.until(Duration.ofSeconds(10), "a sees the group", () -> a.groups().whichGroups().contains("eval-helpers"));

    assertThat(eval(a, "b@eval", "nodes().self().name() + \" sees a: \" + nodes().list().stream().anyMatch(n -> n.name().equals(\"a@eval\"))"))
      .isEqualTo("\"b@eval sees a: true\"");
    assertThat(eval(a, "b@eval", "groups().whichGroups().contains(\"eval-helpers\")")).isEqualTo("true");
    assertThat(eval(a, "b@eval", "vertx().isClustered() && pubSub() != null")).isEqualTo("true");
    assertThat(eval(a, "b@eval", "import java.util.concurrent.atomic.LongAdder; new LongAdder().sum()")).isEqualTo("0");
  }

  @Test
  void oneEvaluationsDefinitionsDoNotReachTheNext() {
    assertThat(eval(a, "b@eval", "int answer = 42; answer")).isEqualTo("42");

    assertFails(() -> eval(a, "b@eval", "answer"), InvokeFailure.COMPILE_ERROR, null);
  }

  @Test
  void codeThatDoesNotCompileIsACompileErrorWithItsLineAndColumn() {
    assertFails(() -> eval(a, "b@eval", "int ok = 1;\nint x = \"text\";"), InvokeFailure.COMPILE_ERROR,
      "line 2, column 9: incompatible types: java.lang.String cannot be converted to int");
    assertFails(() -> eval(a, "b@eval", "println(nosuch)"), InvokeFailure.COMPILE_ERROR,
      "line 1, column 9: cannot find symbol (symbol: variable nosuch)");
  }

  @Test
  void anExceptionIsTaskFailedWithItsClassAndMessageAfterWhatWasPrinted() {
    List<String> lines = new CopyOnWriteArrayList<>();

    Spawned spawned = a.invoke().eval("b@eval", "println(\"before\"); Integer.parseInt(\"ten\")", 10_000, lines::add);

    assertFails(() -> await(spawned.result()), InvokeFailure.TASK_FAILED,
      "java.lang.NumberFormatException: For input string: \"ten\"");
    assertThat(lines).containsExactly("before");
  }

  @Test
  void aNodeWithEvalOffAnswersEvalDisabled() {
    assertFails(() -> eval(a, "c@eval", "1 + 1"), InvokeFailure.EVAL_DISABLED,
      "c@eval runs no code sent to it (invoke.eval.enabled is off)");
  }

  @Test
  void anEndlessLoopIsStoppedAtItsTimeoutWhileItsNodeKeepsAnswering() {
    String key = "multinode.test.eval.spin." + System.nanoTime();
    Spawned spinning = a.invoke().eval("b@eval",
      "long n = 0; while (true) { System.setProperty(\"" + key + "\", String.valueOf(++n)); }", 1_500, line -> { });
    Poll.until(Duration.ofSeconds(10), "the loop runs", () -> System.getProperty(key) != null);

    // the code runs off the event loops: the node answers pings and tasks meanwhile
    List<Long> pingsMicros = new ArrayList<>();
    while (!spinning.result().isComplete()) {
      Ping ping = await(a.nodes().ping("b@eval"));
      assertThat(ping.pong()).isTrue();
      pingsMicros.add(ping.rttMicros());
    }
    assertThat(pingsMicros).isNotEmpty();
    assertThat(await(a.invoke().call("b@eval", "node.name", null, 5_000))).isEqualTo("b@eval");

    assertFails(() -> await(spinning.result()), InvokeFailure.TIMEOUT, null);
    // stopped on its node: the counter it sets stays the same over 25 reads in a row, 20 ms or more apart
    String[] last = {null};
    int[] same = {0};
    Poll.until(Duration.ofSeconds(10), "the loop has stopped", () -> {
      String now = System.getProperty(key);
      same[0] = now.equals(last[0]) ? same[0] + 1 : 0;
      last[0] = now;
      return same[0] >= 25;
    });
  }

  @Test
  void blockingCodeDoesNotHoldTheNodesEventLoop() {
    // the nodes run in this JVM: the code blocks on a latch that the test opens once it has pinged
    String key = "eval.test.gate." + System.nanoTime();
    CountDownLatch gate = new CountDownLatch(1);
    System.getProperties().put(key, gate);
    List<String> lines = new CopyOnWriteArrayList<>();
    Spawned blocked = a.invoke().eval("b@eval", "var gate = (java.util.concurrent.CountDownLatch) System.getProperties().get(\""
      + key + "\"); println(\"blocked\"); gate.await(); \"woke\"", 10_000, lines::add);
    Poll.until(Duration.ofSeconds(5), "b runs the code", () -> lines.contains("blocked"));

    Ping ping = await(a.nodes().ping("b@eval"));
    gate.countDown();

    assertThat(ping.pong()).isTrue();
    assertThat(ping.rttMicros()).as("µs a ping took while the code was blocked").isLessThan(1_000_000);
    assertThat(await(blocked.result())).isEqualTo("\"woke\"");
    System.getProperties().remove(key);
  }

  @Test
  void overHttpTheOperatorApiStreamsTheOutputThenTheValueAndCountsEveryOutcome() {
    Http admin = new Http(a.adminPort());
    String compileErrors = "multinode_eval_total{outcome=\"compile_error\"}";
    double onA = Metrics.value(a.adminPort(), compileErrors);
    double onB = Metrics.value(b.adminPort(), compileErrors);

    HttpResponse<String> ran = admin.post("/api/nodes/b@eval/eval", "println(node()); 6 * 7");
    HttpResponse<String> broken = admin.post("/api/nodes/b@eval/eval", "int x = ;");
    HttpResponse<String> off = admin.post("/api/nodes/c@eval/eval", "1");
    HttpResponse<String> empty = admin.post("/api/nodes/b@eval/eval", "");

    assertThat(ran.statusCode()).isEqualTo(200);
    assertThat(ran.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(ran.body().lines().map(JsonObject::new).toList()).containsExactly(
      new JsonObject().put("type", "output").put("line", "b@eval"),
      new JsonObject().put("type", "result").put("value", "42"));
    Http.assertError(broken, 400, "compile_error");
    Http.assertError(off, 403, "eval_disabled");
    Http.assertError(empty, 400, "bad_args");
    assertThat(Metrics.value(b.adminPort(), compileErrors)).as("counted where the code was to run").isEqualTo(onB + 1);
    assertThat(Metrics.value(a.adminPort(), compileErrors)).as("a, the caller, ran none of it").isEqualTo(onA);
  }

  @Test
  void aNodeThatGoesDownDuringAnEvaluationEndsItWithNodeDown() {
    Multinode d = cluster.start(cluster.config("d@eval", EVAL_ON));
    Poll.until(Duration.ofSeconds(30), "a sees d", () -> a.nodes().list().stream().anyMatch(n -> n.name().equals("d@eval")));
    List<String> lines = new CopyOnWriteArrayList<>();
    // blocks until its node is gone: a latch nothing opens
    Spawned blocked = a.invoke().eval("d@eval", "println(\"blocked\"); new java.util.concurrent.CountDownLatch(1).await();",
      120_000, lines::add);
    Poll.until(Duration.ofSeconds(10), "d runs the code", () -> lines.contains("blocked"));

    long crashed = System.nanoTime();
    cluster.crash(d);

    assertFails(() -> await(blocked.result()), InvokeFailure.NODE_DOWN, null);
    assertThat((System.nanoTime() - crashed) / 1_000_000).as("ms from the crash to node_down").isLessThan(10_000);
  }

  @Test
  void anOperatorApiBeyondLoopbackRunsNoCodeUnlessInvokeEvalHttpSaysSo() {
    String token = "eval-operator-token-0123456789";
    JsonObject lan = new JsonObject().put("admin", new JsonObject().put("host", "0.0.0.0").put("token", token));
    Multinode closed = ClusterNodes.alone("closed@eval", EVAL_ON.copy().mergeIn(lan, true));
    Multinode open = ClusterNodes.alone("open@eval", EVAL_ON.copy().mergeIn(lan, true)
      .mergeIn(new JsonObject().put("invoke", new JsonObject().put("eval", new JsonObject()
        .put("enabled", true).put("allowWithoutTls", true).put("http", true))), true));
    try {
      Http.assertError(new Http("127.0.0.1", closed.adminPort(), token).post("/api/nodes/closed@eval/eval", "1 + 1"),
        403, "eval_disabled");
      HttpResponse<String> ran = new Http("127.0.0.1", open.adminPort(), token).post("/api/nodes/open@eval/eval", "1 + 1");
      assertThat(ran.body().lines().map(JsonObject::new).toList())
        .containsExactly(new JsonObject().put("type", "result").put("value", "2"));
    } finally {
      await(closed.close());
      await(open.close());
    }
  }

  /** Asserts that the call fails with this invoke failure and, unless null, this message. */
  private static void assertFails(ThrowableAssert.ThrowingCallable call, InvokeFailure failure, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(InvokeException.class, e -> {
      assertThat(e.failure()).isEqualTo(failure);
      if (message != null) {
        assertThat(e.getMessage()).isEqualTo(message);
      }
    });
  }

  private static String eval(Multinode from, String node, String source) {
    return (String) await(from.invoke().eval(node, source, 10_000, line -> { }).result());
  }
}
