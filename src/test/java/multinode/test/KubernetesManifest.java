package multinode.test;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy/kubernetes/multinode.yaml} as Kubernetes reads it, for the tests that run its pods without
 * Kubernetes: the headless service's name, and the StatefulSet's container (its arguments, its environment
 * with the downward API and the secret filled in and {@code $(VAR)} expanded, its ports and probes).
 */
public final class KubernetesManifest {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final List<Map<String, Object>> documents;

  private KubernetesManifest(List<Map<String, Object>> documents) {
    this.documents = documents;
  }

  /** Reads the manifest at {@code path}. */
  @SuppressWarnings("unchecked")
  public static KubernetesManifest read(Path path) {
    try {
      List<Map<String, Object>> documents = new ArrayList<>();
      for (Object document : new Yaml().loadAll(Files.readString(path))) {
        if (document != null) {
          documents.add((Map<String, Object>) document);
        }
      }
      return new KubernetesManifest(documents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name of the headless service ({@code clusterIP: None}) whose DNS records list the pods. */
  public String headlessService() {
    return documents.stream().filter(d -> "Service".equals(d.get("kind")))
      .filter(d -> "None".equals(String.valueOf(map(d, "spec").get("clusterIP"))))
      .map(d -> String.valueOf(map(d, "metadata").get("name"))).findFirst()
      .orElseThrow(() -> new AssertionError("the manifest has no headless service"));
  }

  /** The StatefulSet's name: its pods are {@code <name>-0}, {@code <name>-1}, … */
  public String statefulSet() {
    return String.valueOf(map(statefulSetDocument(), "metadata").get("name"));
  }

  /** The container's arguments. */
  @SuppressWarnings("unchecked")
  public List<String> args() {
    return ((List<Object>) container().getOrDefault("args", List.of())).stream().map(String::valueOf).toList();
  }

  /**
   * The container's environment in pod {@code pod} of namespace {@code namespace}, as the kubelet makes it:
   * {@code fieldRef}s of the pod's name and namespace, {@code secretKeyRef}s from {@code secrets} (keyed
   * {@code <secret>/<key>}), and each {@code $(VAR)} replaced by a variable defined before it.
   */
  @SuppressWarnings("unchecked")
  public Map<String, String> environment(String pod, String namespace, Map<String, String> secrets) {
    Map<String, String> fields = Map.of("metadata.name", pod, "metadata.namespace", namespace);
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> variable : (List<Map<String, Object>>) container().get("env")) {
      String name = String.valueOf(variable.get("name"));
      if (variable.containsKey("value")) {
        env.put(name, expand(String.valueOf(variable.get("value")), env));
        continue;
      }
      Map<String, Object> from = map(variable, "valueFrom");
      if (from.containsKey("fieldRef")) {
        env.put(name, required(fields, String.valueOf(map(from, "fieldRef").get("fieldPath")), name));
      } else if (from.containsKey("secretKeyRef")) {
        Map<String, Object> ref = map(from, "secretKeyRef");
        env.put(name, required(secrets, ref.get("name") + "/" + ref.get("key"), name));
      } else {
        throw new AssertionError(name + ": a valueFrom this reader does not know: " + from);
      }
    }
    return env;
  }

  /** The container port named {@code name}. */
  @SuppressWarnings("unchecked")
  public int port(String name) {
    return ((List<Map<String, Object>>) container().get("ports")).stream().filter(p -> name.equals(p.get("name")))
      .map(p -> ((Number) p.get("containerPort")).intValue()).findFirst()
      .orElseThrow(() -> new AssertionError("the container has no port named " + name));
  }

  /**
   * A probe's HTTP GET, e.g. {@code readinessProbe}: its path and its port (a named port resolved).
   */
  public HttpProbe probe(String kind) {
    Map<String, Object> get = map(map(container(), kind), "httpGet");
    Object port = get.get("port");
    return new HttpProbe(String.valueOf(get.get("path")), port instanceof Number n ? n.intValue() : port(String.valueOf(port)));
  }

  /** A probe's request: {@code GET http://<pod>:port/path}, healthy on 200–399. */
  public record HttpProbe(String path, int port) {
  }

  private Map<String, Object> statefulSetDocument() {
    return documents.stream().filter(d -> "StatefulSet".equals(d.get("kind"))).findFirst()
      .orElseThrow(() -> new AssertionError("the manifest has no StatefulSet"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> container() {
    Map<String, Object> pod = map(map(map(statefulSetDocument(), "spec"), "template"), "spec");
    return ((List<Map<String, Object>>) pod.get("containers")).get(0);
  }

  private static String expand(String value, Map<String, String> defined) {
    Matcher reference = REFERENCE.matcher(value);
    StringBuilder expanded = new StringBuilder();
    while (reference.find()) {
      // as the kubelet does: a reference to a variable not defined before it stays as written
      String replacement = defined.getOrDefault(reference.group(1), reference.group());
      reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
    }
    return reference.appendTail(expanded).toString();
  }

  private static String required(Map<String, String> values, String key, String variable) {
    String value = values.get(key);
    if (value == null) {
      throw new AssertionError(variable + " refers to " + key + ", which the test did not give");
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object child = parent.get(key);
    if (!(child instanceof Map)) {
      throw new AssertionError("the manifest has no " + key + " where expected: " + parent.keySet());
    }
    return (Map<String, Object>) child;
  }
}
