package multinode.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a node finds the other members of its cluster. */
public enum Discovery {
  /** Nodes on one LAN find each other with nothing configured, like Erlang's {@code nodefinder}. */
  MULTICAST,
  /** A fixed member list {@code host[:port],…}, like connecting nodes by hand. */
  STATIC,
  /** Hazelcast's Kubernetes discovery through the DNS name of a headless service. */
  KUBERNETES;

  /** The name used in config, e.g. {@code multicast}. */
  public String configName() {
    return name().toLowerCase();
  }

  static Discovery parse(String key, String text) {
    return Arrays.stream(values())
      .filter(d -> d.configName().equals(text.toLowerCase()))
      .findFirst()
      .orElseThrow(() -> new ConfigException(key, "unknown mode \"" + text + "\"; accepted: "
        + Arrays.stream(values()).map(Discovery::configName).collect(Collectors.joining(", "))));
  }
}
