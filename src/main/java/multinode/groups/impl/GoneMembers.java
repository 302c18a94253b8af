package multinode.groups.impl;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The addresses of this node's members that are gone while the node is up, each answering
 * {@code NO_HANDLERS} for {@value #ANSWER_FOR_MS} ms.
 * <p>
 * A member's address names its node ({@link multinode.groups.GroupAddresses#MEMBER_PREFIX}), so a request to
 * it goes to that node whatever became of the member, and a node drops a message for an address it has no
 * consumer for without a word: the requester would wait for its timeout. Vert.x answers {@code NO_HANDLERS}
 * at once for an address without a consumer anywhere; here a gone member's address answers the same, for
 * long after every replica has dropped the member (a few milliseconds), so that a caller holding it learns
 * at once. After that a request to it times out, as one to an address nobody ever had.
 * <p>
 * Used on the groups context only.
 */
final class GoneMembers {

  static final long ANSWER_FOR_MS = 60_000;

  private record Gone(long untilMs, MessageConsumer<Object> answer) {
  }

  private final Vertx vertx;
  private final Deque<Gone> gone = new ArrayDeque<>();
  private long timer = -1;
  private boolean closed;

  GoneMembers(Vertx vertx) {
    this.vertx = vertx;
  }

  /** From now on the member's address answers {@code NO_HANDLERS}, for {@value #ANSWER_FOR_MS} ms. */
  void add(String address) {
    if (closed) {
      return;
    }
    ReplyException noHandlers = new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address " + address);
    // not a local consumer: those never get a message from another node; the cluster manager writes no
    // subscription for a member's address either way
    MessageConsumer<Object> answer = vertx.eventBus().consumer(address, msg -> {
      if (msg.replyAddress() != null) {
        msg.reply(noHandlers);
      }
    });
    gone.addLast(new Gone(System.currentTimeMillis() + ANSWER_FOR_MS, answer));
    if (timer == -1) {
      timer = vertx.setTimer(ANSWER_FOR_MS, id -> expire());
    }
  }

  private void expire() {
    long now = System.currentTimeMillis();
    while (!gone.isEmpty() && gone.peekFirst().untilMs() <= now) {
      gone.removeFirst().answer().unregister();
    }
    timer = gone.isEmpty() ? -1 : vertx.setTimer(Math.max(1, gone.peekFirst().untilMs() - now), id -> expire());
  }

  /** The node stops: the addresses go with it, and members that go after this need no answer. */
  void close() {
    closed = true;
    vertx.cancelTimer(timer);
    timer = -1;
    gone.forEach(g -> g.answer().unregister());
    gone.clear();
  }
}
