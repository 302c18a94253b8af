package multinode;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.regex.Pattern;

/**
 * Every failure's wire forms, each made in one place: the snake_case code and HTTP status that the HTTP
 * API answers with ({@code web.ApiResponses}), the failure an event-bus request gets ({@link #reply}), and
 * the code of a bridge's {@code err} frame ({@link #code}). A {@link Coded} failure says both itself; a
 * failed event-bus request carries the code its answerer gave, or its kind ({@code timeout},
 * {@code unavailable}); anything else is an internal error.
 */
public final class Failures {

  /** How Netty's native transport (epoll) words a failed system call before the kernel's words. */
  private static final Pattern SYSTEM_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

  private Failures() {
  }

  /**
   * A socket failure in the kernel's words ({@code Address already in use}, {@code Connection reset by peer}),
   * the same with either of Vert.x's transports: epoll's message names the call and the errno first
   * ({@code bind(..) failed with error(-98): }), Java's selector does not.
   */
  public static String ioMessage(Throwable failure) {
    return ioMessage(String.valueOf(failure.getMessage()));
  }

  /** The same, of a message already taken from its failure. */
  public static String ioMessage(String message) {
    return SYSTEM_CALL.matcher(message).replaceFirst("");
  }

  /** The snake_case code of a failure. */
  public static String code(Throwable failure) {
    if (failure instanceof Coded coded) {
      return coded.code();
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> String.valueOf(reply.getMessage());
        case TIMEOUT -> "timeout";
        default -> "unavailable";
      };
    }
    return "internal_error";
  }

  /** The HTTP status of a failure: a {@link Coded} failure's own, else by kind (504 timeout, 503 unavailable, 500). */
  public static int status(Throwable failure) {
    if (failure instanceof Coded coded) {
      return coded.status();
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() >= 400 && reply.failureCode() < 600) {
        return reply.failureCode();
      }
      return reply.failureType() == ReplyFailure.TIMEOUT ? 504 : reply.failureType() == ReplyFailure.NO_HANDLERS ? 503 : 500;
    }
    return 500;
  }

  /** Fails an event-bus request with the failure's status as the failure code and its code as the message. */
  public static void reply(Message<?> request, Throwable failure) {
    request.fail(status(failure), code(failure));
  }

  /** A refused request ({@code invalid_request}, {@code unknown_action}, {@code access_denied}, …): status 400. */
  public static RuntimeException badRequest(String code) {
    return new BadRequest(code);
  }

  private static final class BadRequest extends RuntimeException implements Coded {

    BadRequest(String code) {
      super(code, null, false, false);
    }

    @Override
    public String code() {
      return getMessage();
    }

    @Override
    public int status() {
      return 400;
    }
  }
}
