package multinode.process;

import multinode.test.DnsServer;
import multinode.test.Hosts;
import multinode.test.Http;
import multinode.test.KubernetesManifest;
import multinode.test.NodeProcess;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifest's pods without Kubernetes: each pod a jar on a host of its own ({@link Hosts}),
 * started with the arguments and environment that {@code deploy/kubernetes/multinode.yaml} gives its
 * container, and a real DNS server (dnsmasq) answering the headless service's name with the pods'
 * addresses as the cluster's DNS does. The kubelet's part, the probes, is played from the operator's
 * address with the manifest's paths and ports.
 */
@Tag("netns")
class KubernetesDiscoveryIT {

  private static final String NAMESPACE = "shop";
  private static final int DNS_HOST = 4;

  private final KubernetesManifest manifest = KubernetesManifest.read(Path.of("deploy/kubernetes/multinode.yaml"));
  private final String serviceDns = manifest.headlessService() + "." + NAMESPACE + ".svc.cluster.local";
  private final Map<String, String> secrets = Map.of("multinode-cookie/cookie", UUID.randomUUID().toString());
  private final Hosts lan = Hosts.create(DNS_HOST + 1);
  private final DnsServer dns = DnsServer.start(lan.host(DNS_HOST), Hosts.address(DNS_HOST));
  private final List<NodeProcess> pods = new ArrayList<>();

  @AfterEach
  void removeEverything() {
    pods.forEach(NodeProcess::close);
    dns.close();
    lan.close();
  }

  KubernetesDiscoveryIT() {
    // every pod asks the cluster's DNS
    for (int pod = 0; pod < DNS_HOST; pod++) {
      lan.host(pod).resolveWith(dns.address());
    }
  }

  @Test
  void podsFormOneClusterThroughTheHeadlessServiceAndOneRemovedIsReapedAndOneAddedJoins() {
    dns.answer(lan.host(0), serviceDns, Hosts.address(0), Hosts.address(1), Hosts.address(2));
    for (int pod = 0; pod < 3; pod++) {
      start(pod);
    }
    for (int pod = 0; pod < 3; pod++) {
      NodeProcess process = pods.get(pod).awaitReady();
      assertThat(process.lines()).contains("discovery: kubernetes " + serviceDns);
      for (int other = 0; other < 3; other++) {
        if (other != pod) {
          process.awaitLine("node up: " + nodeName(other), Duration.ofSeconds(30));
        }
      }
    }
    for (int pod = 0; pod < 3; pod++) {
      awaitProbesPass(pod);
    }

    // the StatefulSet scaled down by one: the pod leaves the DNS records and is killed
    dns.answer(lan.host(0), serviceDns, Hosts.address(0), Hosts.address(1));
    pods.get(2).signal("KILL");
    for (int pod = 0; pod < 2; pod++) {
      pods.get(pod).awaitLine("node down: " + nodeName(2) + " (crashed)", Duration.ofSeconds(15));
    }

    // and up by one: a new pod on another address joins the two through the records
    dns.answer(lan.host(0), serviceDns, Hosts.address(0), Hosts.address(1), Hosts.address(3));
    NodeProcess added = start(3).awaitReady();
    added.awaitLine("node up: " + nodeName(0), Duration.ofSeconds(30)).awaitLine("node up: " + nodeName(1), Duration.ofSeconds(30));
    for (int pod = 0; pod < 2; pod++) {
      pods.get(pod).awaitLine("node up: " + nodeName(3), Duration.ofSeconds(30));
    }
    awaitProbesPass(3);
    assertThat(added.printed(nodeName(2))).as("the reaped pod is not seen by the new one").isFalse();
  }

  private NodeProcess start(int pod) {
    Map<String, String> env = manifest.environment(podName(pod), NAMESPACE, secrets);
    NodeProcess process = NodeProcess.startIn(lan.host(pod).name(), podName(pod), env, manifest.args().toArray(new String[0]));
    pods.add(process);
    return process;
  }

  /**
   * The kubelet's readiness and liveness probes, from outside the pod, as the manifest writes them: each
   * passes within a few of its periods.
   */
  private void awaitProbesPass(int pod) {
    for (String kind : List.of("readinessProbe", "livenessProbe")) {
      KubernetesManifest.HttpProbe probe = manifest.probe(kind);
      Http http = new Http(Hosts.address(pod), probe.port());
      Poll.until(Duration.ofSeconds(30), kind + " of " + podName(pod) + " (GET " + probe.path() + ") passes", () -> {
        int status = http.get(probe.path()).statusCode();
        return status >= 200 && status < 400;
      });
    }
  }

  private String podName(int pod) {
    return manifest.statefulSet() + "-" + pod;
  }

  /** The node name the manifest gives the pod ({@code MULTINODE_NODE_NAME}). */
  private String nodeName(int pod) {
    return manifest.environment(podName(pod), NAMESPACE, secrets).get("MULTINODE_NODE_NAME");
  }
}
