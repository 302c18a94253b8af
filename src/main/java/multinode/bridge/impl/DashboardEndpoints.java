package multinode.bridge.impl;

import io.vertx.core.Future;
import multinode.Failures;
import multinode.bridge.BridgePermissions.Access;
import multinode.dashboard.Dashboard;

import java.util.function.BiConsumer;

/**
 * The dashboard's endpoints, read-only: a registration watches one of its streams, a send with a reply
 * address gets the snapshot. The dashboard page's socket has these alone; a service's has them beside its
 * own ({@link ServiceEndpoints}).
 */
final class DashboardEndpoints implements Endpoints {

  private final Dashboard dashboard;
  private final BiConsumer<String, Object> deliver;

  DashboardEndpoints(Dashboard dashboard, BiConsumer<String, Object> deliver) {
    this.dashboard = dashboard;
    this.deliver = deliver;
  }

  @Override
  public Future<Runnable> register(Access access, String address) {
    return Future.succeededFuture(dashboard.watch(address, update -> deliver.accept(address, update)));
  }

  @Override
  public Future<?> send(Access access, String address, Object body, boolean wantsReply) {
    if (access != Access.DASHBOARD_SNAPSHOT || !wantsReply) {
      return Future.failedFuture(Failures.badRequest(access == Access.DASHBOARD_SNAPSHOT ? "reply_address_required" : "access_denied"));
    }
    return dashboard.snapshot();
  }

  @Override
  public void close() {
  }
}
