package multinode.groups;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's address names its node, so the cluster keeps no subscription entry per member: members are
 * reachable from every node, and a member that is gone, or whose node is gone, answers {@code NO_HANDLERS}
 * at once rather than a timeout.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberAddressesTest {

  /** Longer than any answer takes here: a request that fails with TIMEOUT found no answer at all. */
  private static final DeliveryOptions PATIENT = new DeliveryOptions().setSendTimeout(20_000);

  private final ClusterNodes cluster = new ClusterNodes(4);
  private Multinode a;
  private Multinode b;

  @BeforeAll
  void startTwoNodes() {
    a = cluster.start("a@members");
    b = cluster.start("b@members");
    cluster.awaitFormed();
  }

  @AfterAll
  void stopNodes() {
    cluster.close();
  }

  @Test
  void aThousandMembersAnswerFromTheOtherNodeAndAddNoSubscriptionToTheCluster() {
    List<GroupMember> members = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String n = Integer.toString(i);
      members.add(await(b.groups().member(msg -> msg.reply(n), null)));
    }

    for (int i = 0; i < members.size(); i += 97) {
      assertThat(await(a.vertx().eventBus().request(members.get(i).address(), "hi", PATIENT)).body())
        .isEqualTo(Integer.toString(i));
    }
    assertThat(members.get(0).address())
      .startsWith(GroupAddresses.MEMBER_PREFIX + b.nodes().self().id() + ".");
    assertThat(hazelcast(a).getMultiMap("__vertx.subs").keySet())
      .isNotEmpty()
      .noneMatch(address -> address.toString().startsWith(GroupAddresses.MEMBER_PREFIX));
  }

  @Test
  void aMemberWhoseVerticleWasUndeployedAnswersNoHandlers() {
    AtomicReference<GroupMember> member = new AtomicReference<>();
    String deployment = await(b.vertx().deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return b.groups().member(msg -> msg.reply("here"), null).onSuccess(member::set);
      }
    }));
    assertThat(await(a.vertx().eventBus().request(member.get().address(), "hi", PATIENT)).body()).isEqualTo("here");

    await(b.vertx().undeploy(deployment));

    assertThat(failureOf(member.get().address())).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  @Test
  void aMemberOfACrashedNodeAnswersNoHandlers() {
    Multinode c = cluster.start("c@members");
    cluster.awaitFormed();
    GroupMember member = await(c.groups().member(msg -> msg.reply("here"), null));
    // a's event bus now knows where the address leads
    assertThat(await(a.vertx().eventBus().request(member.address(), "hi", PATIENT)).body()).isEqualTo("here");

    cluster.crash(c);

    // a request sent before a's event bus has heard that c is gone goes to c and times out, as it did
    // when the cluster still held the member's subscription; after that, every one fails at once
    DeliveryOptions brief = new DeliveryOptions().setSendTimeout(2_000);
    Poll.until(Duration.ofSeconds(30), "a request to c's member fails with NO_HANDLERS",
      () -> failureOf(member.address(), brief) == ReplyFailure.NO_HANDLERS);
    assertThat(failureOf(member.address())).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  @Test
  void anAddressNamingNoNodeOfTheClusterAnswersNoHandlers() {
    assertThat(failureOf(GroupAddresses.member(UUID.randomUUID().toString(), "nobody")))
      .isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  private ReplyFailure failureOf(String address) {
    return failureOf(address, PATIENT);
  }

  private ReplyFailure failureOf(String address, DeliveryOptions options) {
    Throwable failure = await(a.vertx().eventBus().request(address, "hi", options).map(reply -> (Throwable) null)
      .otherwise(e -> e));
    assertThat(failure).isInstanceOf(ReplyException.class);
    return ((ReplyException) failure).failureType();
  }

  private static HazelcastInstance hazelcast(Multinode node) {
    return ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
  }
}
