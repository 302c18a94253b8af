package multinode.config;

import io.vertx.core.Deployable;
import io.vertx.core.Verticle;

import java.util.List;

/**
 * Running tasks on other nodes.
 *
 * @param timeoutMs how long a call waits when the caller names no timeout (HTTP, console)
 * @param verticles the verticle classes the {@code verticle.deploy} task may deploy; nothing else can be
 *   deployed remotely
 * @param eval whether code sent by other nodes runs here, and through what
 */
public record InvokeSettings(int timeoutMs, List<String> verticles, EvalSettings eval) {

  static InvokeSettings read(ConfigReader in, ClusterTls tls) {
    List<String> verticles = in.list("invoke.verticles");
    verticles.forEach(InvokeSettings::checkVerticle);
    return new InvokeSettings(in.integer("invoke.timeoutMs", 1, 3_600_000), verticles, EvalSettings.read(in, tls));
  }

  private static void checkVerticle(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, false, InvokeSettings.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException("invoke.verticles", "no class named \"" + className + "\" on the classpath");
    }
    if (!Deployable.class.isAssignableFrom(type) && !Verticle.class.isAssignableFrom(type)) {
      throw new ConfigException("invoke.verticles", "\"" + className + "\" is not a verticle");
    }
  }
}
