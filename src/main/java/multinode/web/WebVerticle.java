package multinode.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.Failures;
import multinode.Token;
import multinode.bridge.BridgeStats;
import multinode.bridge.SockJsBridge;
import multinode.chat.Chat;
import multinode.config.AdminSettings;
import multinode.config.HttpSettings;
import multinode.config.InvokeSettings;
import multinode.dashboard.Dashboard;
import multinode.groups.Groups;
import multinode.invoke.Invoke;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;
import multinode.web.impl.AdminAuth;
import multinode.web.impl.ChatRoutes;
import multinode.web.impl.GroupRoutes;
import multinode.web.impl.HealthRoutes;
import multinode.web.impl.InvokeRoutes;
import multinode.web.impl.NodeRoutes;
import multinode.web.impl.PubSubRoutes;
import multinode.web.impl.ServiceRoutes;

/**
 * The node's two HTTP listeners. Deployed means both are listening.
 * <ul>
 *   <li>The public one ({@code http.host}:{@code http.port}), for users: the chat page (webroot), its
 *       bridge at {@code /eventbus/*} behind the per-address session limits, {@code /health} and
 *       {@code /ready}. Nothing else: an {@code /api} route or {@code /metrics} there answers 404.</li>
 *   <li>The operator one ({@code admin.host}:{@code admin.port}, loopback by default), behind
 *       {@code admin.token} when one is set: {@code /api/nodes…}, {@code /api/groups…},
 *       {@code POST /api/pubsub/{topic}}, {@code /api/tasks…}, {@code /api/chat…}, {@code /api/services},
 *       {@code /metrics} (Prometheus), the live dashboard at {@code /dashboard} with its read-only bridge
 *       at {@code /dashboard/eventbus/*} (unless {@code admin.dashboard} is false), and {@code /health}
 *       and {@code /ready} too.</li>
 * </ul>
 * Every unknown route answers 404 with a JSON error.
 */
public final class WebVerticle extends VerticleBase {

  private final HttpSettings settings;
  private final AdminSettings admin;
  private final Nodes nodes;
  private final Groups groups;
  private final PubSub pubSub;
  private final Invoke invoke;
  private final InvokeSettings invokeSettings;
  private final Chat chat;
  private final Dashboard dashboard;
  private final PrometheusMeterRegistry meters;
  private final AdminAuth auth;
  private SockJsBridge chatBridge;
  private HttpServer server;
  private HttpServer adminServer;
  private ServiceDiscovery discovery;

  public WebVerticle(HttpSettings settings, AdminSettings admin, Nodes nodes, Groups groups, PubSub pubSub, Invoke invoke,
                     InvokeSettings invokeSettings, Chat chat, Dashboard dashboard, PrometheusMeterRegistry meters) {
    this.settings = settings;
    this.admin = admin;
    this.nodes = nodes;
    this.groups = groups;
    this.pubSub = pubSub;
    this.invoke = invoke;
    this.invokeSettings = invokeSettings;
    this.chat = chat;
    this.dashboard = dashboard;
    this.meters = meters;
    this.auth = new AdminAuth(admin.tokenRequired() ? Token.of(admin.token()) : null);
  }

  /** The port the public server listens on. */
  public int port() {
    return server.actualPort();
  }

  /** The port the operator's server listens on. */
  public int adminPort() {
    return adminServer.actualPort();
  }

  /** The chat's browser bridge at {@code /eventbus/*}, with its counts; available once deployed. */
  public BridgeStats chatBridge() {
    return chatBridge.stats();
  }

  /** Requests the operator's server refused for a missing or wrong token so far. */
  public long adminUnauthorized() {
    return auth.refused();
  }

  @Override
  public Future<?> start() {
    discovery = ServiceDiscovery.create(vertx);
    return listen(publicRouter(), settings.host(), settings.port(), "HTTP server", "http.port", "MULTINODE_HTTP_PORT")
      .compose(s -> {
        server = s;
        return listen(adminRouter(), admin.host(), admin.port(), "operator API", "admin.port", "MULTINODE_ADMIN_PORT");
      })
      .onSuccess(s -> adminServer = s);
  }

  @Override
  public Future<?> stop() {
    discovery.close();
    return Future.succeededFuture();
  }

  private Router publicRouter() {
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, nodes, pubSub, chat);
    chatBridge = SockJsBridge.chat(vertx, chat, settings.sessions());
    mount(router, chatBridge);
    // said plainly, for whoever followed an older guide: the operator API is not served to the public
    router.route("/api/*").handler(ctx -> ApiResponses.error(ctx, 404, "not_found", "no route " + ctx.request().method()
      + " " + ctx.request().path() + " on the public port: the operator API listens on admin.port"));
    router.route("/metrics").handler(ctx -> ApiResponses.error(ctx, 404, "not_found",
      "no route " + ctx.request().method() + " /metrics on the public port: it is served on admin.port"));
    router.route("/*").handler(StaticHandler.create("webroot"));
    return errorHandlers(router);
  }

  private Router adminRouter() {
    Router router = Router.router(vertx);
    router.route().handler(auth);
    HealthRoutes.mount(router, nodes, pubSub, chat);
    NodeRoutes.mount(router, nodes);
    GroupRoutes.mount(router, groups);
    PubSubRoutes.mount(router, pubSub);
    InvokeRoutes.mount(router, invoke, invokeSettings.timeoutMs(), invokeSettings.eval().overHttp(admin));
    ChatRoutes.mount(router, chat);
    ServiceRoutes.mount(router, discovery);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(meters));
    if (admin.dashboard()) {
      mount(router, SockJsBridge.dashboard(vertx, dashboard, settings.sessions()));
      // a route for "/dashboard" would match "/dashboard/" too
      router.getWithRegex("/dashboard").handler(ctx -> ctx.redirect("/dashboard/"));
      router.route("/dashboard/*").handler(StaticHandler.create("dashboard"));
    }
    return errorHandlers(router);
  }

  private static void mount(Router router, SockJsBridge bridge) {
    router.route(bridge.mount() + "/*").handler(bridge.admission());
    // SockJS's XHR transports post their frames as request bodies: without a body handler every send fails.
    // Only on POST: a body handler on a WebSocket's upgrade request reads it and the upgrade fails.
    router.post(bridge.mount() + "/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router.route(bridge.mount() + "/*").subRouter(bridge.router());
  }

  private static Router errorHandlers(Router router) {
    // a request Vert.x cannot route (a path with a broken %-escape) or whose body cannot be read (a chunked
    // body that cannot be decoded, for which the body handler fails the request with status 200): without
    // these, Vert.x answers a bare "Bad Request" and logs the client's mistake as an ERROR with a stack trace
    router.errorHandler(400, WebVerticle::badRequest);
    router.errorHandler(200, WebVerticle::badRequest);
    router.errorHandler(404, ctx -> ApiResponses.error(ctx, 404, "not_found",
      "no route " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(413, ctx -> ApiResponses.error(ctx, 413, "too_large",
      "the body is over the limit for " + ctx.request().path()));
    router.errorHandler(405, ctx -> ApiResponses.error(ctx, 405, "method_not_allowed",
      ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(500, ctx -> ApiResponses.error(ctx, 500, "internal_error",
      String.valueOf(ctx.failure() == null ? "internal error" : ctx.failure().getMessage())));
    return router;
  }

  /** 400 {@code bad_request}, with why, unless the connection went already. */
  private static void badRequest(RoutingContext ctx) {
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ApiResponses.error(ctx, 400, "bad_request", ctx.failure() == null || ctx.failure().getMessage() == null
        ? "the request cannot be read" : ctx.failure().getMessage());
    }
  }

  /**
   * A request HTTP's decoder could not read (a broken request line or header, headers over the limit): the
   * status Vert.x gives it, with a JSON reason like every other refusal; the connection then closes.
   */
  private static void undecodable(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    String message = switch (status) {
      case 414 -> "the request line is over the limit";
      case 431 -> "the request's headers are over the limit";
      default -> cause == null || cause.getMessage() == null ? "the request line or a header is malformed" : cause.getMessage();
    };
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
      .end(new JsonObject().put("error", status == 400 ? "bad_request" : "too_large").put("message", message).encode())
      .onComplete(done -> request.connection().close());
  }

  private Future<HttpServer> listen(Router router, String host, int port, String what, String key, String env) {
    // HTTP/1.1 only on plain HTTP: in Vert.x 5.0.7 a response of more than about 16 KiB to an h2c
    // upgrade request (curl --http2, Java's default HttpClient) never arrives. Browsers never use h2c.
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
      .invalidRequestHandler(WebVerticle::undecodable)
      .requestHandler(router)
      .listen(port, host)
      .recover(e -> Future.failedFuture(new IllegalStateException("the " + what + " cannot listen on " + host + ":"
        + port + " (" + key + "; pick another with " + env + "): " + Failures.ioMessage(e), e)));
  }
}
