package multinode.bridge.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * What Vert.x's HTTP server metrics ({@code vertx_http_server_*} on {@code /metrics}) count of a connection
 * that {@link WebSocketTransport} upgraded, reported as Vert.x reports its own WebSockets: the upgrade
 * request answered 101, a WebSocket connected, and, once the connection closes, the WebSocket and the
 * connection gone. Vert.x's HTTP connection, which would report them, is out of the pipeline by then.
 */
final class UpgradeMetrics {

  private static final HttpResponse SWITCHING_PROTOCOLS = new HttpResponse() {
    @Override
    public int statusCode() {
      return 101;
    }

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }
  };

  private final HttpServerMetrics<Object, Object, Object> metrics;
  private final Object connectionMetric;
  private final Object webSocketMetric;
  private final SocketAddress remote;

  private UpgradeMetrics(HttpServerMetrics<Object, Object, Object> metrics, Object connectionMetric,
                         Object webSocketMetric, SocketAddress remote) {
    this.metrics = metrics;
    this.connectionMetric = connectionMetric;
    this.webSocketMetric = webSocketMetric;
    this.remote = remote;
  }

  /** Reports the request answered 101 and the WebSocket connected; null when the server keeps no metrics. */
  @SuppressWarnings("unchecked")
  static UpgradeMetrics upgraded(HttpServerConnection connection, HttpServerRequest request) {
    if (!(connection instanceof ConnectionBase base) || !(base.metrics() instanceof HttpServerMetrics<?, ?, ?> server)
      || !(request instanceof HttpServerRequestInternal internal)) {
      return null;
    }
    HttpServerMetrics<Object, Object, Object> metrics = (HttpServerMetrics<Object, Object, Object>) server;
    Object requestMetric = internal.metric();
    metrics.responseBegin(requestMetric, SWITCHING_PROTOCOLS);
    metrics.responseEnd(requestMetric, SWITCHING_PROTOCOLS, 0);
    // the SPI hands over Vert.x's ServerWebSocket, which there is none of here; Vert.x's Micrometer metrics
    // count the WebSocket from the connection's and the request's metrics alone
    Object webSocketMetric = metrics.connected(base.metric(), requestMetric, null);
    return new UpgradeMetrics(metrics, base.metric(), webSocketMetric, base.remoteAddress());
  }

  /** Reports the WebSocket and its connection gone; once, on the connection's event loop. */
  void closed() {
    metrics.disconnected(webSocketMetric);
    metrics.disconnected(connectionMetric, remote);
  }
}
