package multinode.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

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
