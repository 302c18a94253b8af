package multinode.web.impl;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import multinode.Token;
import multinode.web.ApiResponses;

import java.util.concurrent.atomic.LongAdder;

/**
 * The operator listener's door: with {@code admin.token} set, every request must carry
 * {@code Authorization: Bearer <token>} (compared in constant time), or, from a browser that cannot set
 * that header (the dashboard page, its SockJS bridge), HTTP basic authentication with the token as the
 * password and any user name; one without it, or with another, gets 401 {@code unauthorized} and is
 * counted. A refused request for the dashboard asks for basic authentication, so that a browser prompts
 * for the token. Without a token (a loopback listener) everything passes.
 */
public final class AdminAuth implements Handler<RoutingContext> {

  private final Token token;
  private final LongAdder refused = new LongAdder();

  /** @param token what requests must carry; null for nothing */
  public AdminAuth(Token token) {
    this.token = token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token == null) {
      ctx.next();
      return;
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String given = Token.bearer(authorization);
    if (given == null) {
      given = Token.basicPassword(authorization);
    }
    if (token.matches(given)) {
      ctx.next();
      return;
    }
    refused.increment();
    ctx.response().putHeader("www-authenticate", ctx.request().path().startsWith("/dashboard")
      ? "Basic realm=\"multinode operator\", charset=\"UTF-8\"" : "Bearer realm=\"multinode\"");
    ApiResponses.error(ctx, 401, "unauthorized", given == null
      ? "the operator API needs Authorization: Bearer <admin.token>"
      : "the token is not this node's admin.token");
  }

  /** Requests refused so far. */
  public long refused() {
    return refused.sum();
  }
}
