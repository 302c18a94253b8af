package multinode.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.servicediscovery.ServiceDiscovery;
import multinode.config.HttpSettings;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import multinode.bridge.BridgeStats;
import multinode.bridge.SockJsBridge;
import multinode.chat.Chat;
import multinode.groups.Groups;
import multinode.invoke.Invoke;
import multinode.node.Nodes;
import multinode.pubsub.PubSub;
import multinode.web.impl.ChatRoutes;
import multinode.web.impl.GroupRoutes;
import multinode.web.impl.HealthRoutes;
import multinode.web.impl.InvokeRoutes;
import multinode.web.impl.NodeRoutes;
import multinode.web.impl.PubSubRoutes;
import multinode.web.impl.ServiceRoutes;

/**
 * The node's HTTP server: {@code /api/nodes…}, {@code /api/groups…}, {@code POST /api/pubsub/{topic}},
 * {@code /api/tasks…}, {@code /api/chat…}, {@code /api/services}, {@code /health}, {@code /ready}, {@code /metrics} (Prometheus), the chat page (webroot) and
 * its bridge at {@code /eventbus/*}. Every unknown route answers 404 with a JSON error. Deployed means
 * listening.
 */
public final class WebVerticle extends VerticleBase {

  private final HttpSettings settings;
  private final Nodes nodes;
  private final Groups groups;
  private final PubSub pubSub;
  private final Invoke invoke;
  private final long invokeTimeoutMs;
  private final Chat chat;
  private final PrometheusMeterRegistry meters;
  private SockJsBridge chatBridge;
  private HttpServer server;
  private ServiceDiscovery discovery;

  public WebVerticle(HttpSettings settings, Nodes nodes, Groups groups, PubSub pubSub, Invoke invoke,
                     long invokeTimeoutMs, Chat chat, PrometheusMeterRegistry meters) {
    this.settings = settings;
    this.nodes = nodes;
    this.groups = groups;
    this.pubSub = pubSub;
    this.invoke = invoke;
    this.invokeTimeoutMs = invokeTimeoutMs;
    this.chat = chat;
    this.meters = meters;
  }

  /** The port the server listens on. */
  public int port() {
    return server.actualPort();
  }

  /** The chat's browser bridge at {@code /eventbus/*}, with its counts; available once deployed. */
  public BridgeStats chatBridge() {
    return chatBridge.stats();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, nodes, pubSub, chat);
    NodeRoutes.mount(router, nodes);
    GroupRoutes.mount(router, groups);
    PubSubRoutes.mount(router, pubSub);
    InvokeRoutes.mount(router, invoke, invokeTimeoutMs);
    ChatRoutes.mount(router, chat);
    discovery = ServiceDiscovery.create(vertx);
    ServiceRoutes.mount(router, discovery);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(meters));
    chatBridge = new SockJsBridge(vertx, chat);
    // SockJS's XHR transports post their frames as request bodies: without a body handler every send fails.
    // Only on POST: a body handler on a WebSocket's upgrade request reads it and the upgrade fails.
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router.route("/eventbus/*").subRouter(chatBridge.router());
    router.route("/*").handler(StaticHandler.create("webroot"));
    router.errorHandler(404, ctx -> ApiResponses.error(ctx, 404, "not_found",
      "no route " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(413, ctx -> ApiResponses.error(ctx, 413, "too_large",
      "the body is over the limit for " + ctx.request().path()));
    router.errorHandler(405, ctx -> ApiResponses.error(ctx, 405, "method_not_allowed",
      ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(500, ctx -> ApiResponses.error(ctx, 500, "internal_error",
      String.valueOf(ctx.failure() == null ? "internal error" : ctx.failure().getMessage())));
    // HTTP/1.1 only on plain HTTP: in Vert.x 5.0.7 a response of more than about 16 KiB to an h2c
    // upgrade request (curl --http2, Java's default HttpClient) never arrives. Browsers never use h2c.
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
      .requestHandler(router)
      .listen(settings.port(), settings.host())
      .onSuccess(s -> server = s)
      .recover(e -> Future.failedFuture(new IllegalStateException("the HTTP server cannot listen on " + settings.host() + ":"
        + settings.port() + " (http.port; pick another with MULTINODE_HTTP_PORT): " + e.getMessage(), e)));
  }

  @Override
  public Future<?> stop() {
    discovery.close();
    return Future.succeededFuture();
  }
}
