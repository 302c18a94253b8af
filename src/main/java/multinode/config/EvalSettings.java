package multinode.config;

/**
 * Code written at a prompt, run on this node ({@code spawn <node> { … }}): Erlang's contract, in which
 * anyone who connects with the cookie runs anything. multinode's cookie is not authentication, so it is
 * off unless asked for, and then only over mutual TLS unless the network is declared private.
 *
 * @param enabled whether this node runs code other nodes send it (otherwise {@code eval_disabled})
 * @param allowWithoutTls run it although the event bus has no mutual TLS: whoever reaches the event bus
 *   with the cookie (any host of the network) runs any code here, as the node's user
 * @param http whether the operator API's eval route answers when {@code admin.host} is not loopback
 */
public record EvalSettings(boolean enabled, boolean allowWithoutTls, boolean http) {

  static EvalSettings read(ConfigReader in, ClusterTls tls) {
    EvalSettings eval = new EvalSettings(in.bool("invoke.eval.enabled"), in.bool("invoke.eval.allowWithoutTls"),
      in.bool("invoke.eval.http"));
    if (eval.enabled && !tls.enabled() && !eval.allowWithoutTls) {
      throw new ConfigException("invoke.eval.enabled", "needs the event bus over mutual TLS (cluster.tls.keyPath, "
        + "certPath, caPath), or invoke.eval.allowWithoutTls on a private network: any node with the cookie runs any code here");
    }
    if (eval.enabled && ModuleLayer.boot().findModule("jdk.jshell").isEmpty()) {
      throw new ConfigException("invoke.eval.enabled", "needs a JDK (its jdk.jshell and jdk.compiler modules); "
        + "this Java runtime (" + System.getProperty("java.home") + ") has none");
    }
    return eval;
  }

  /** Whether the operator API's eval route runs code: it is on loopback, or {@link #http} says so. */
  public boolean overHttp(AdminSettings admin) {
    return http || Listeners.loopback("admin.host", admin.host());
  }
}
