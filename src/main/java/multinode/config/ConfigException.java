package multinode.config;

/**
 * A configuration value that multinode cannot start with.
 * <p>
 * The message is one line that names the key and says what is accepted, e.g.
 * {@code http.port: must be an integer from 1 to 65535, got "70000"}; it is printed as it is and the
 * node exits non-zero.
 */
public final class ConfigException extends RuntimeException {

  /**
   * @param key the dotted config key at fault, e.g. {@code cluster.discovery}
   * @param problem what is wrong and what is accepted
   */
  public ConfigException(String key, String problem) {
    super(key + ": " + problem, null, false, false);
  }
}
