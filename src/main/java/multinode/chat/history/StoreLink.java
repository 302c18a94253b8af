package multinode.chat.history;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import multinode.chat.ChatException;
import multinode.chat.ChatFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A store's link to its server: while the server cannot be reached, calls fail at once with
 * {@link ChatFailure#HISTORY_UNAVAILABLE} instead of each waiting for a timeout. A call that fails on the
 * link (not a refusal by the server) takes the link down; a probe then runs with back-off, 100 ms
 * doubling to 5 s, until the server answers. The link logs one WARN when it goes down and one INFO when
 * it is back. All on the chat's context.
 */
final class StoreLink {

  private static final Logger log = LoggerFactory.getLogger(RoomLog.class);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;
  /** How long a node's start waits for the first answer before it goes on without the store. */
  private static final long START_WAIT_MS = 5_000;
  /** A call unanswered this long fails and takes the link down: a server that stopped answering is as good as gone. */
  static final long CALL_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final String server;
  private final Supplier<Future<Void>> probe;
  private final Predicate<Throwable> linkFailure;
  private volatile boolean up;
  private boolean probing;
  private boolean stopped;
  private long backoffMs = FIRST_BACKOFF_MS;
  private String problem = "not connected yet";

  /**
   * @param server what the server is, for messages: {@code postgres at db:5432}
   * @param probe connects (if need be) and asks the server something trivial
   * @param linkFailure whether a failed call means the server cannot be reached
   */
  StoreLink(Vertx vertx, String server, Supplier<Future<Void>> probe, Predicate<Throwable> linkFailure) {
    this.vertx = vertx;
    this.server = server;
    this.probe = probe;
    this.linkFailure = linkFailure;
  }

  /** Probes once; completes when the server answered, or after a few seconds without it (never fails). */
  Future<Void> start() {
    return probe.get().timeout(START_WAIT_MS, TimeUnit.MILLISECONDS)
      .onSuccess(v -> {
        up = true;
        log.info("chat history: {} reached", server);
      })
      .recover(failure -> {
        down(failure);
        return Future.succeededFuture();
      });
  }

  void stop() {
    stopped = true;
    up = false;
  }

  boolean up() {
    return up;
  }

  /**
   * Runs the call if the server can be reached; its failures become {@code history_unavailable}, and one
   * unanswered for {@value #CALL_TIMEOUT_MS} ms fails too (it may still take effect: the nodes' checks of
   * their rooms against the store find what was kept without an answer).
   */
  <T> Future<T> call(Supplier<Future<T>> call) {
    if (!up) {
      return unavailable();
    }
    Promise<T> result = Promise.promise();
    call.get().timeout(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else {
        if (ar.cause() instanceof TimeoutException
          || !(ar.cause() instanceof ChatException) && linkFailure.test(ar.cause())) {
          down(ar.cause());
        }
        result.fail(ar.cause() instanceof ChatException ? ar.cause()
          : new ChatException(ChatFailure.HISTORY_UNAVAILABLE, server + ": " + oneLine(ar.cause())));
      }
    });
    return result.future();
  }

  /** A failure for a call made while the server cannot be reached. */
  <T> Future<T> unavailable() {
    return Future.failedFuture(new ChatException(ChatFailure.HISTORY_UNAVAILABLE,
      server + " cannot be reached (" + problem + "); nothing was kept"));
  }

  /** The link goes down; the first failure (not the calls that were in flight with it) logs and starts the probe. */
  private void down(Throwable failure) {
    problem = oneLine(failure);
    up = false;
    if (!probing) {
      probing = true;
      log.warn("chat history: {} cannot be reached ({}); posts are refused with history_unavailable until it answers",
        server, problem);
      vertx.setTimer(backoffMs, t -> probeAgain());
    }
  }

  private void probeAgain() {
    if (stopped) {
      return;
    }
    probe.get().onComplete(ar -> {
      if (ar.succeeded()) {
        probing = false;
        backoffMs = FIRST_BACKOFF_MS;
        up = true;
        log.info("chat history: {} reached again", server);
      } else {
        problem = oneLine(ar.cause());
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(backoffMs, t -> probeAgain());
      }
    });
  }

  private static String oneLine(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
