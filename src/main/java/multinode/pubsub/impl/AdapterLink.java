package multinode.pubsub.impl;

import io.vertx.core.Future;
import multinode.Failures;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an adapter through a server says about its link to it: one WARN when the server goes, one INFO
 * when it is back, and the {@code adapter_unavailable} failures meanwhile, each naming the server.
 */
public final class AdapterLink {

  private static final Logger log = LoggerFactory.getLogger(AdapterLink.class);

  private final String adapter;
  private final String where;
  private volatile boolean down;

  /**
   * @param adapter the adapter's name, e.g. {@code rabbitmq}
   * @param where the server, e.g. {@code rabbitmq at mq:5672}
   */
  public AdapterLink(String adapter, String where) {
    this.adapter = adapter;
    this.where = where;
  }

  public String where() {
    return where;
  }

  /** The server cannot be reached: said once until it is back. */
  public void lost(String why) {
    if (!down) {
      down = true;
      log.warn("{} pubsub: {} cannot be reached ({}); broadcasts fail with adapter_unavailable until it is back",
        adapter, where, why == null ? null : Failures.ioMessage(why));
    }
  }

  /** The server is reached again: said once after it was lost. */
  public void back(String detail) {
    if (down) {
      down = false;
      log.info("{} pubsub: connected again to {}; {}", adapter, where, detail);
    }
  }

  /** A refusal while the server cannot be reached. */
  public <T> Future<T> unavailable() {
    return Future.failedFuture(new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, where + " is not reachable"));
  }

  /** A request to the server that failed, as {@code adapter_unavailable}; a pubsub failure stays as it is. */
  public <T> Future<T> failed(Throwable e) {
    return Future.failedFuture(e instanceof PubSubException ? e
      : new PubSubException(PubSubFailure.ADAPTER_UNAVAILABLE, where + ": " + Failures.ioMessage(e)));
  }

  /** A name of fixed length for any text (a topic, a node name), free of the server's special characters. */
  public static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
