package multinode.invoke.demo;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * A demo verticle for {@code verticle.deploy}: answers requests on {@code config.address} (default
 * {@code demo.echo}) with {@code {"echo": <the request body>, "deploymentId": <its deployment id>}}.
 */
public final class EchoVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    String address = config().getString("address", "demo.echo");
    return vertx.eventBus().consumer(address, message -> message.reply(new JsonObject()
        .put("echo", message.body())
        .put("deploymentId", deploymentID())))
      .completion();
  }
}
