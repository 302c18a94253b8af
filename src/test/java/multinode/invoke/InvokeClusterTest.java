package multinode.invoke;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import multinode.Multinode;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spawn, call and multicall between three nodes, each failure kind, and remote verticle deployment. */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeClusterTest {

  private final ClusterNodes cluster = new ClusterNodes(4);
  private Multinode a;
  private Multinode b;
  private Multinode c;

  @BeforeAll
  void startThreeNodes() {
    a = cluster.start("a@invoke");
    b = cluster.start("b@invoke");
    c = cluster.start("c@invoke");
    cluster.awaitFormed();
  }

  @AfterAll
  void stopNodes() {
    cluster.close();
  }

  @Test
  void aSpawnedTaskPrintsOnTheCallersStream() {
    List<String> lines = new CopyOnWriteArrayList<>();

    Spawned spawned = a.invoke().spawn("b@invoke", "node.name", null, lines::add);

    assertThat(await(spawned.result())).isEqualTo("b@invoke");
    assertThat(lines).containsExactly("b@invoke");
  }

  @Test
  void tenThousandLinesArriveAllAndInOrder() {
    List<String> expected = IntStream.rangeClosed(1, 10_000).mapToObj(Integer::toString).toList();
    // printed in one tight loop, without looking at writeQueueFull()
    b.invoke().register("test.count", "prints 1..n at once", task -> {
      int n = task.args().getInteger("n");
      IntStream.rangeClosed(1, n).forEach(i -> task.out().println(Integer.toString(i)));
      return Future.succeededFuture(n);
    });
    List<String> tight = new CopyOnWriteArrayList<>();
    List<String> paced = new CopyOnWriteArrayList<>();

    Object tightResult = await(a.invoke().spawn("b@invoke", "test.count", new JsonObject().put("n", 10_000), tight::add).result());
    Object pacedResult = await(a.invoke().spawn("b@invoke", "seq", new JsonObject().put("count", 10_000), paced::add).result());

    assertThat(tightResult).isEqualTo(10_000);
    assertThat(tight).isEqualTo(expected);
    assertThat(pacedResult).isEqualTo(10_000);
    assertThat(paced).isEqualTo(expected);
  }

  @Test
  void aPausedSpawnHoldsItsOutputUntilResumed() {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Spawned spawned = a.invoke().spawn("b@invoke", "seq", new JsonObject().put("count", 200_000), lines::add).pause();

    // 200,000 lines do not fit the window and the queue: the task on b waits for a
    Poll.until(Duration.ofSeconds(10), "seq runs on b", () -> b.invoke().running() == 1);
    assertThat(spawned.result().isComplete()).isFalse();
    assertThat(lines).isEmpty();

    spawned.resume();

    assertThat(await(spawned.result())).isEqualTo(200_000);
    assertThat(lines).hasSize(200_000).startsWith("1", "2").endsWith("200000");
  }

  @Test
  void aTaskThatPrintsFarAheadOfItsCallerFailsInsteadOfFillingMemory() {
    String kilobyte = "x".repeat(1023);
    b.invoke().register("test.flood", "prints 20 MB in one loop", task -> {
      for (int i = 0; i < 20_000; i++) {
        task.out().println(kilobyte);
      }
      return Future.succeededFuture();
    });

    assertFailure(a.invoke().spawn("b@invoke", "test.flood", null, line -> { }).result(),
      InvokeFailure.TASK_FAILED, "output overflow");
    Poll.until(Duration.ofSeconds(5), "nothing runs on b", () -> b.invoke().running() == 0);
  }

  @Test
  void callReturnsTheResultAndMulticallOnePerNode() {
    Object echoed = await(a.invoke().call("c@invoke", "echo", new JsonObject().put("x", 1), 5000));
    List<NodeResult> names = await(a.invoke().multicall("node.name", null, 5000));

    assertThat(echoed).isEqualTo(new JsonObject().put("x", 1));
    assertThat(names).extracting(NodeResult::value).containsExactly("a@invoke", "b@invoke", "c@invoke");
    assertThat(names).allMatch(NodeResult::ok);
  }

  @Test
  void eachFailureHasItsKind() {
    b.invoke().register("test.boom", "fails", task -> {
      throw new IllegalStateException("boom");
    });

    assertFailure(a.invoke().call("nobody@invoke", "echo", null, 1000), InvokeFailure.NO_SUCH_NODE, "nobody@invoke");
    assertFailure(a.invoke().call("b@invoke", "no.such", null, 1000), InvokeFailure.NO_SUCH_TASK, "no.such");
    assertFailure(a.invoke().call("b@invoke", "sleep", new JsonObject().put("ms", "long"), 1000), InvokeFailure.BAD_ARGS, "ms:");
    assertFailure(a.invoke().call("b@invoke", "test.boom", null, 1000), InvokeFailure.TASK_FAILED, "boom");
    assertFailure(a.invoke().spawn("b@invoke", "no.such", null, line -> { }).result(), InvokeFailure.NO_SUCH_TASK, "no.such");
    assertFailure(a.invoke().spawn("nobody@invoke", "echo", null, line -> { }).result(), InvokeFailure.NO_SUCH_NODE, "nobody");
  }

  @Test
  void aTimedOutCallIsCancelledOnItsNode() {
    AtomicBoolean sawCancel = new AtomicBoolean();
    b.invoke().register("test.wait", "never ends until cancelled", task -> {
      task.onCancel(v -> sawCancel.set(true));
      return Promise.promise().future();
    });

    assertFailure(a.invoke().call("b@invoke", "test.wait", null, 300), InvokeFailure.TIMEOUT, "300 ms");

    Poll.until(Duration.ofSeconds(5), "b cancelled the task", sawCancel::get);
    Poll.until(Duration.ofSeconds(5), "nothing runs on b", () -> b.invoke().running() == 0);
  }

  @Test
  void cancelStopsTheTaskOnItsNode() {
    AtomicBoolean sawCancel = new AtomicBoolean();
    b.invoke().register("test.wait2", "waits until cancelled", task -> {
      task.out().println("waiting");
      task.onCancel(v -> sawCancel.set(true));
      return Promise.promise().future();
    });
    List<String> lines = new CopyOnWriteArrayList<>();
    Spawned spawned = a.invoke().spawn("b@invoke", "test.wait2", null, lines::add);
    Poll.until(Duration.ofSeconds(5), "the task printed", () -> lines.contains("waiting"));

    await(spawned.cancel());

    assertFailure(spawned.result(), InvokeFailure.CANCELLED, "cancelled by a@invoke");
    assertThat(sawCancel).isTrue();
    assertThat(b.invoke().running()).isZero();
  }

  @Test
  void multicallWithASlowNodeGivesTwoResultsAndOneTimeout() {
    a.invoke().register("test.answer", "fast", task -> Future.succeededFuture(42));
    b.invoke().register("test.answer", "fast", task -> Future.succeededFuture(42));
    c.invoke().register("test.answer", "slow", task -> task.vertx().timer(30_000).map(42));
    long start = System.nanoTime();

    List<NodeResult> results = await(a.invoke().multicall("test.answer", null, 1000));

    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(results).extracting(NodeResult::node).containsExactly("a@invoke", "b@invoke", "c@invoke");
    assertThat(results).extracting(NodeResult::ok).containsExactly(true, true, false);
    assertThat(results.get(0).value()).isEqualTo(42);
    assertThat(results.get(2).failure()).isEqualTo(InvokeFailure.TIMEOUT);
    assertThat(elapsedMs).as("multicall ends at its timeout").isLessThan(3000);
  }

  @Test
  void aDemoVerticleIsDeployedOnAnotherNodeAndUndeployed() {
    JsonObject deployed = (JsonObject) await(a.invoke().call("b@invoke", "verticle.deploy", new JsonObject()
      .put("class", "multinode.invoke.demo.EchoVerticle")
      .put("config", new JsonObject().put("address", "test.echo")), 5000));
    String id = deployed.getString("deploymentId");

    JsonObject reply = await(a.vertx().eventBus().<JsonObject>request("test.echo", "hi")).body();

    assertThat(reply.getString("echo")).isEqualTo("hi");
    assertThat(reply.getString("deploymentId")).isEqualTo(id);
    assertThat(deployed.getString("node")).isEqualTo("b@invoke");

    await(a.invoke().call("b@invoke", "verticle.undeploy", new JsonObject().put("deploymentId", id), 5000));

    Poll.until(Duration.ofSeconds(10), "test.echo has no handler", () -> {
      Throwable failure = a.vertx().eventBus().request("test.echo", "hi", new DeliveryOptions().setSendTimeout(1000))
        .<Throwable>transform(ar -> Future.succeededFuture(ar.cause())).await();
      return failure instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS;
    });
    assertFailure(a.invoke().call("b@invoke", "verticle.undeploy", new JsonObject().put("deploymentId", id), 5000),
      InvokeFailure.BAD_ARGS, "deploymentId");
    assertFailure(a.invoke().call("b@invoke", "verticle.deploy", new JsonObject().put("class", "java.lang.Thread"), 5000),
      InvokeFailure.BAD_ARGS, "not in invoke.verticles");
  }

  @Test
  void aNodeThatDiesDuringACallFailsItWithNodeDown() {
    Multinode d = cluster.start("d@invoke");
    cluster.awaitFormed();
    Future<Object> call = a.invoke().call("d@invoke", "sleep", new JsonObject().put("ms", 60_000), 60_000);
    Spawned spawned = a.invoke().spawn("d@invoke", "sleep", new JsonObject().put("ms", 60_000), line -> { });
    Poll.until(Duration.ofSeconds(10), "both run on d", () -> d.invoke().running() == 2);
    long start = System.nanoTime();

    cluster.crash(d);

    assertFailure(call, InvokeFailure.NODE_DOWN, "d@invoke");
    assertFailure(spawned.result(), InvokeFailure.NODE_DOWN, "d@invoke");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms until node_down").isLessThan(2000);
  }

  private static void assertFailure(Future<?> future, InvokeFailure kind, String messagePart) {
    assertThatThrownBy(() -> await(future))
      .isInstanceOfSatisfying(InvokeException.class, e -> assertThat(e.failure()).isEqualTo(kind))
      .hasMessageContaining(messagePart);
  }
}
