package multinode;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Hazelcast call's result as a Vert.x future on a context, without a thread per call.
 * <p>
 * Hazelcast runs a callback given to one of its futures on its default executor: the common fork-join
 * pool, or, where that pool has a single thread (on two cores or fewer), a new thread per callback.
 * {@link Future#fromCompletionStage(CompletionStage, Context)} gives it such a callback, so on a 2-core
 * machine every history append and cluster-safety question started and ended a thread (6 % of a chat
 * node's CPU at 100 messages a second). Here the callback runs on the thread that completes the call, one
 * of Hazelcast's response threads, and only hands the result over: the future's handlers run on the
 * context, as before.
 */
public final class HazelcastCalls {

  private HazelcastCalls() {
  }

  /** The call's result or failure, its handlers on {@code context}. */
  public static <T> Future<T> onContext(CompletionStage<T> call, Context context) {
    CompletableFuture<T> result = new CompletableFuture<>();
    call.whenCompleteAsync((value, failure) -> {
      if (failure == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(failure);
      }
    }, Runnable::run);
    return Future.fromCompletionStage(result, context);
  }
}
