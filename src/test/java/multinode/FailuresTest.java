package multinode;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import multinode.chat.ChatFailure;
import multinode.groups.GroupsException;
import multinode.groups.GroupsFailure;
import multinode.invoke.InvokeFailure;
import multinode.node.NodeFailure;
import multinode.pubsub.PubSubFailure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every failure owns its wire form: a code and an HTTP status, turned into each wire form in one place. */
class FailuresTest {

  @Test
  void everyFailureKindHasAnErrorStatus() {
    List<Integer> statuses = new java.util.ArrayList<>();
    java.util.Arrays.stream(NodeFailure.values()).forEach(f -> statuses.add(f.status()));
    java.util.Arrays.stream(GroupsFailure.values()).forEach(f -> statuses.add(f.status()));
    java.util.Arrays.stream(PubSubFailure.values()).forEach(f -> statuses.add(f.status()));
    java.util.Arrays.stream(InvokeFailure.values()).forEach(f -> statuses.add(f.status()));
    java.util.Arrays.stream(ChatFailure.values()).forEach(f -> statuses.add(f.status()));

    assertThat(statuses).hasSize(NodeFailure.values().length + GroupsFailure.values().length + PubSubFailure.values().length
      + InvokeFailure.values().length + ChatFailure.values().length).allSatisfy(status -> assertThat(status).isBetween(400, 599));
    assertThat(NodeFailure.NO_SUCH_NODE.status()).isEqualTo(404);
    assertThat(ChatFailure.HISTORY_UNAVAILABLE.status()).isEqualTo(503);
    assertThat(InvokeFailure.TIMEOUT.status()).isEqualTo(504);
  }

  @Test
  void aCodedFailureSaysItsOwnCodeAndStatus() {
    GroupsException missing = new GroupsException(GroupsFailure.NO_SUCH_GROUP, "no group x");

    assertThat(Failures.code(missing)).isEqualTo("no_such_group");
    assertThat(Failures.status(missing)).isEqualTo(404);
    assertThat(Failures.code(Failures.badRequest("unknown_action"))).isEqualTo("unknown_action");
    assertThat(Failures.status(Failures.badRequest("unknown_action"))).isEqualTo(400);
  }

  @Test
  void aFailedEventBusRequestCarriesItsAnswerersCodeOrItsKind() {
    ReplyException refused = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404, "no_such_group");
    ReplyException late = new ReplyException(ReplyFailure.TIMEOUT, "timed out");
    ReplyException nobody = new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers");

    assertThat(List.of(Failures.code(refused), Failures.code(late), Failures.code(nobody)))
      .containsExactly("no_such_group", "timeout", "unavailable");
    assertThat(List.of(Failures.status(refused), Failures.status(late), Failures.status(nobody))).containsExactly(404, 504, 503);
    assertThat(Failures.code(new IllegalStateException("bug"))).isEqualTo("internal_error");
    assertThat(Failures.status(new IllegalStateException("bug"))).isEqualTo(500);
  }

  @Test
  void aSocketFailureIsInTheKernelsWordsWithEitherTransport() {
    assertThat(Failures.ioMessage(new java.io.IOException("bind(..) failed with error(-98): Address already in use")))
      .isEqualTo("Address already in use");
    assertThat(Failures.ioMessage("connect(..) failed with error(-111): Connection refused: /127.0.0.1:6379"))
      .isEqualTo("Connection refused: /127.0.0.1:6379");
    assertThat(Failures.ioMessage(new java.net.BindException("Address already in use"))).isEqualTo("Address already in use");
  }
}
