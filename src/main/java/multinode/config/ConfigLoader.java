package multinode.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a {@link NodeConfig} from its four sources, later ones winning:
 * <ol>
 *   <li>{@code conf/multinode.json}, shipped in the jar: every key with its default;</li>
 *   <li>{@code MULTINODE_*} environment variables (see {@link Setting});</li>
 *   <li>{@code -conf}: a JSON file path or an inline JSON object;</li>
 *   <li>command-line flags (e.g. {@code -cluster-host}).</li>
 * </ol>
 * A key that {@code conf/multinode.json} does not have is refused, so a typo never goes unnoticed.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "conf/multinode.json";

  private ConfigLoader() {
  }

  /** The defaults, read from the copy of {@code conf/multinode.json} inside the jar. */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges the sources and validates the result.
   *
   * @param env the environment, usually {@code System.getenv()}
   * @param conf the {@code -conf} argument (a file path or inline JSON), or null
   * @param flags values from command-line flags, keyed like the config file
   * @throws ConfigException for the first value that is not accepted
   */
  public static NodeConfig load(Map<String, String> env, String conf, JsonObject flags) {
    return NodeConfig.fromJson(merged(env, file(conf), flags));
  }

  /**
   * As {@link #load(Map, String, JsonObject)}, for a console or a script: a node beside the user's nodes on
   * the same machine. When nothing sets {@code http.port} and its default is taken, its HTTP server takes
   * any free port (and its name follows that port) instead of refusing to start.
   */
  public static NodeConfig loadForConsole(Map<String, String> env, String conf, JsonObject flags) {
    JsonObject file = file(conf);
    JsonObject merged = merged(env, file, flags);
    boolean given = env.containsKey(Setting.HTTP_PORT.env()) || setsHttpPort(file) || setsHttpPort(flags);
    JsonObject http = merged.getJsonObject("http");
    if (!given && http.getValue("port") instanceof Integer port && taken(http.getString("host"), port)) {
      http.put("port", 0);
    }
    return NodeConfig.fromJson(merged);
  }

  private static boolean taken(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, port));
      return false;
    } catch (IOException | IllegalArgumentException e) {
      return true;
    }
  }

  private static boolean setsHttpPort(JsonObject source) {
    return source.getValue("http") instanceof JsonObject http && http.containsKey("port");
  }

  /** What {@code -conf} says, read once; nothing without it. */
  private static JsonObject file(String conf) {
    return conf == null ? new JsonObject() : readConf(conf);
  }

  private static JsonObject merged(Map<String, String> env, JsonObject file, JsonObject flags) {
    JsonObject merged = defaults();
    for (Setting setting : Setting.values()) {
      String value = env.get(setting.env());
      if (value != null) {
        put(merged, setting.key(), value);
      }
    }
    merge(merged, file, "");
    merge(merged, flags, "");
    return merged;
  }

  /** Reads {@code -conf}: inline JSON if it starts with a brace, else a file path. */
  static JsonObject readConf(String conf) {
    String text = conf;
    String origin = "inline JSON";
    if (!conf.trim().startsWith("{")) {
      origin = conf;
      try {
        text = Files.readString(Path.of(conf));
      } catch (IOException | InvalidPathException e) {
        throw new ConfigException("-conf", "cannot read file \"" + conf + "\" (give a JSON file or an inline JSON object)");
      }
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException("-conf", origin + " is not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Deep-merges {@code from} into {@code into}, refusing keys the defaults do not know. */
  private static void merge(JsonObject into, JsonObject from, String prefix) {
    for (Map.Entry<String, Object> entry : from) {
      String key = prefix + entry.getKey();
      if (!into.containsKey(entry.getKey())) {
        throw new ConfigException(key, "unknown key (see conf/multinode.json for every key)");
      }
      Object current = into.getValue(entry.getKey());
      if (current instanceof JsonObject) {
        if (!(entry.getValue() instanceof JsonObject)) {
          throw new ConfigException(key, "must be an object, got " + ConfigReader.describe(entry.getValue()));
        }
        merge((JsonObject) current, (JsonObject) entry.getValue(), key + ".");
      } else {
        into.put(entry.getKey(), entry.getValue());
      }
    }
  }

  private static void put(JsonObject root, String key, Object value) {
    String[] parts = key.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }
}
