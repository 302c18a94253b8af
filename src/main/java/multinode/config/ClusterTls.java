package multinode.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mutual TLS on the event bus between nodes: every node presents its certificate and accepts only peers
 * whose certificate the CA signed. Off when no path is set; all three paths (PEM files) or none.
 * <p>
 * It protects event-bus messages (the traffic of every capability), not Hazelcast membership: the
 * open-source Hazelcast does not authenticate members, so a node without a valid certificate can still
 * join the membership list, but it can neither send nor receive a single event-bus message.
 *
 * @param keyPath this node's private key (PKCS#8 or PKCS#1 PEM)
 * @param certPath this node's certificate chain (PEM)
 * @param caPath the certificate authority that signs every node's certificate (PEM)
 */
public record ClusterTls(String keyPath, String certPath, String caPath) {

  /** Whether the event bus runs over mutual TLS. */
  public boolean enabled() {
    return !keyPath.isEmpty();
  }

  static ClusterTls read(ConfigReader in) {
    String key = in.string("cluster.tls.keyPath");
    String cert = in.string("cluster.tls.certPath");
    String ca = in.string("cluster.tls.caPath");
    if (key.isEmpty() && cert.isEmpty() && ca.isEmpty()) {
      return new ClusterTls("", "", "");
    }
    readable("cluster.tls.keyPath", key);
    readable("cluster.tls.certPath", cert);
    readable("cluster.tls.caPath", ca);
    return new ClusterTls(key, cert, ca);
  }

  private static void readable(String setting, String path) {
    if (path.isEmpty()) {
      throw new ConfigException(setting, "required when any cluster.tls path is set (keyPath, certPath, caPath)");
    }
    if (!Files.isReadable(Path.of(path)) || Files.isDirectory(Path.of(path))) {
      throw new ConfigException(setting, "no readable file at \"" + path + "\"");
    }
  }
}
