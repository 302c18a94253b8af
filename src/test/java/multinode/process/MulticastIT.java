package multinode.process;

import multinode.test.Netns;
import multinode.test.NodeProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's two commands with nothing configured: multicast discovery finds the other node. Run in
 * a private network namespace whose loopback carries multicast, so none leaves this machine's host
 * namespace.
 */
@Tag("netns")
class MulticastIT {

  @Test
  void twoNodesWithTheDefaultConfigFindEachOtherByMulticast() {
    try (Netns lan = Netns.create("mn-mc")) {
      lan.ip("link", "set", "lo", "multicast", "on");
      lan.ip("route", "add", "224.0.0.0/4", "dev", "lo");
      try (NodeProcess first = NodeProcess.startIn(lan.name(), "node 1", Map.of(), "-cluster").awaitReady()) {
        try (NodeProcess second = NodeProcess.startIn(lan.name(), "node 2", Map.of("MULTINODE_HTTP_PORT", "4001"), "-cluster")) {
          second.awaitReady().awaitLine("node up: multinode@127.0.0.1", Duration.ofSeconds(30));
          first.awaitLine("node up: multinode-4001@127.0.0.1", Duration.ofSeconds(30));
          assertThat(first.lines()).contains("discovery: multicast 224.2.2.3:54327");
        }
      }
    }
  }
}
