package multinode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line: multinode's own flags, and the Vert.x launcher's that it passes on. Anything else is
 * refused with one line that names it and the closest known flag.
 *
 * @param console {@code --console}
 * @param evals each {@code --eval}'s commands, in order
 * @param conf {@code -conf}'s file or inline JSON, or null
 * @param clustered whether {@code -cluster} was given
 * @param clusterHost {@code -cluster-host}'s value, or null
 * @param help {@code --help} or {@code -h}
 * @param launcherArgs what goes on to the Vert.x launcher
 */
record Flags(boolean console, List<String> evals, String conf, boolean clustered, String clusterHost, boolean help,
             List<String> launcherArgs) {

  /** A flag that is not known, or lacks its value: the one line to print. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Every flag and whether it takes a value; both spellings ({@code -x} and {@code --x}) are accepted. */
  private static final Map<String, Boolean> KNOWN = new TreeMap<>(Map.ofEntries(
    Map.entry("console", false), Map.entry("eval", true), Map.entry("conf", true), Map.entry("help", false),
    Map.entry("h", false), Map.entry("cluster", false), Map.entry("cluster-host", true), Map.entry("cluster-port", true),
    Map.entry("cluster-public-host", true), Map.entry("cluster-public-port", true), Map.entry("options", true),
    Map.entry("vertx-options", true)));

  static final String USAGE = String.join("\n",
    "usage: java -jar multinode.jar [-cluster] [flags]",
    "",
    "Starts a node. With -cluster it joins the other nodes with the same cookie (multicast by default).",
    "",
    "multinode's flags:",
    "  -cluster                 join a cluster (without it the node is alone, or shares a server: pubsub.adapter)",
    "  -conf <file|json>        configuration keys, over conf/multinode.json and under the environment",
    "  --console                an interactive console on this node (help lists its commands)",
    "  --eval <commands>        run console commands and exit (repeatable); exit 1 on the first error",
    "  --help, -h               this text",
    "",
    "Vert.x flags passed on: -cluster-host <h>, -cluster-port <p>, -cluster-public-host <h>,",
    "  -cluster-public-port <p>, -options (or -vertx-options) <file|json>; HA is the ha.* keys",
    "",
    "Common environment variables: MULTINODE_NODE_NAME, MULTINODE_COOKIE, MULTINODE_HTTP_PORT,",
    "  MULTINODE_DISCOVERY (multicast, static, kubernetes), MULTINODE_MEMBERS, MULTINODE_PUBSUB_ADAPTER,",
    "  MULTINODE_CHAT_HISTORY_STORE; every key and its variable: docs/configuration.md",
    "",
    "Exit codes: 0 after a requested stop, 1 when an --eval command fails, 2 for a bad flag or",
    "  configuration (one line names it), 11 when the cluster cannot be joined, 15 when a part cannot start");

  static Flags parse(String[] args) {
    List<String> launcherArgs = new ArrayList<>();
    List<String> evals = new ArrayList<>();
    boolean console = false;
    boolean clustered = false;
    boolean help = false;
    String conf = null;
    String clusterHost = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        throw new Refused("unexpected argument " + arg + "; --help lists the flags");
      }
      boolean inline = arg.contains("=");
      String name = (inline ? arg.substring(0, arg.indexOf('=')) : arg).replaceFirst("^--?", "").toLowerCase(Locale.ROOT);
      Boolean takesValue = KNOWN.get(name);
      if (takesValue == null) {
        throw new Refused("unknown flag " + arg + closest(name) + "; --help lists the flags");
      }
      String value = null;
      if (takesValue) {
        if (!inline && i + 1 >= args.length) {
          throw new Refused(arg + " needs a value; --help lists the flags");
        }
        value = inline ? arg.substring(arg.indexOf('=') + 1) : args[++i];
      }
      switch (name) {
        case "console" -> console = true;
        case "eval" -> evals.add(value);
        case "conf" -> conf = value;
        case "help", "h" -> help = true;
        default -> {
          clustered |= name.equals("cluster");
          if (name.equals("cluster-host")) {
            clusterHost = value;
          }
          launcherArgs.add("-" + name);
          if (value != null) {
            launcherArgs.add(value);
          }
        }
      }
    }
    return new Flags(console, List.copyOf(evals), conf, clustered, clusterHost, help, List.copyOf(launcherArgs));
  }

  /** {@code " (did you mean -x?)"} for the known flag nearest a mistyped one, or nothing when none is near. */
  private static String closest(String name) {
    String best = null;
    int distance = Integer.MAX_VALUE;
    for (String known : KNOWN.keySet()) {
      int d = distance(name, known);
      if (d < distance) {
        best = known;
        distance = d;
      }
    }
    if (best == null || distance > Math.max(2, best.length() / 3)) {
      return "";
    }
    return " (did you mean " + (best.equals("console") || best.equals("eval") || best.equals("help") ? "--" : "-") + best + "?)";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
