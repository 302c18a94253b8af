package multinode.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import multinode.Coded;
import multinode.Failures;

/** How every HTTP answer of the node is written: JSON, and errors as {@code {"error":"snake_case_code","message":"…"}}. */
public final class ApiResponses {

  private ApiResponses() {
  }

  /** Ends the request with this status and JSON body. */
  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
  }

  /** Ends the request with this status, error code and one-line message. */
  public static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response()
      .setStatusCode(status)
      .putHeader("content-type", "application/json")
      .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  /**
   * Ends the request with a failure's status, code and message ({@link Failures}); a failure that is not
   * one of multinode's goes to the router's 500 handler.
   */
  public static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof Coded) {
      error(ctx, Failures.status(failure), Failures.code(failure), failure.getMessage());
    } else {
      ctx.fail(failure);
    }
  }

  /**
   * The request body as a JSON object, or null after answering 400 {@code invalid_json} with
   * {@code expected} as the message.
   */
  public static JsonObject jsonObjectBody(RoutingContext ctx, String expected) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      error(ctx, 400, "invalid_json", expected);
    }
    return body;
  }
}
