package multinode.config;

/**
 * Vert.x HA: a verticle deployed with {@code ha} is redeployed on a surviving node of its group when its
 * node dies (the Vert.x 5 launcher has no {@code -ha} flag; these keys turn it on).
 *
 * @param enabled whether this node takes part in HA (clustered nodes only)
 * @param group the HA group: verticles fail over only to nodes of the same group
 * @param quorum how many nodes of the group must be up before HA verticles are deployed
 */
public record HaSettings(boolean enabled, String group, int quorum) {

  static HaSettings read(ConfigReader in) {
    String group = in.string("ha.group");
    if (group.isEmpty()) {
      throw new ConfigException("ha.group", "must not be empty");
    }
    return new HaSettings(in.bool("ha.enabled"), group, in.integer("ha.quorum", 1, 1024));
  }
}
