package multinode.dashboard;

import multinode.Multinode;
import multinode.chat.Browser;
import multinode.chat.BrowserPerTest;
import multinode.chat.ChatSession;
import multinode.groups.GroupMember;
import multinode.test.ClusterNodes;
import multinode.test.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static multinode.test.ClusterNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium, on the operator listener of the first of three clustered nodes:
 * what an operator watches happen, each check with its screenshot under {@code target/screenshots/}.
 */
@Tag("cluster")
@Tag("browser")
class DashboardBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final ClusterNodes cluster = new ClusterNodes(3);
  @RegisterExtension
  final BrowserPerTest browsers = new BrowserPerTest();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theNodesAMemberJoiningAChatUserAndACrashShowLive() {
    Multinode a = cluster.start("a@dash");
    Multinode b = cluster.start("b@dash");
    Multinode c = cluster.start("c@dash");
    cluster.awaitFormed();
    browser().resize(1280, 1900);
    int tab = browser().open("http://127.0.0.1:" + a.adminPort() + "/dashboard/");

    Poll.until(WAIT, "three nodes up on the page", () -> states(tab).equals(List.of("up", "up", "up")));
    assertThat(browser().texts(tab, ".node h3")).containsExactly("a@dashthis node", "b@dash", "c@dash");
    assertThat(browser().texts(tab, ".node.self h3")).containsExactly("a@dashthis node");
    assertThat(browser().texts(tab, "#viewing")).containsExactly("viewed through a@dash");
    Poll.until(WAIT, "a node's figures", () -> !browser().texts(tab, ".node[data-node='b@dash'] dd[data-fact='heap']").isEmpty());

    // a member joins a group on b: the page on a shows it
    GroupMember member = await(b.groups().member(message -> { }, null));
    long joined = System.nanoTime();
    await(b.groups().join("workers", member));
    Poll.until(WAIT, "the member in workers on b", () ->
      browser().texts(tab, "#groups tr[data-group='workers'] td[data-node='b@dash']").equals(List.of("1")));
    long shownMs = (System.nanoTime() - joined) / 1_000_000;
    // about half a second (the groups' flush and the page's drawing, each every 250 ms); room for a busy machine
    assertThat(shownMs).as("join → shown (ms)").isLessThan(3_000);
    Poll.until(WAIT, "the join in the feed", () -> browser().texts(tab, "#feed li").stream()
      .anyMatch(line -> line.contains("join workers: " + member.id() + " on b@dash")));

    // a chat user comes in through c
    ChatSession session = c.chat().open((address, event) -> { });
    await(session.join("lobby", "carol", null, null));
    Poll.until(WAIT, "carol in the lobby, through c", () ->
      browser().texts(tab, "#rooms li[data-room='lobby'] .user").equals(List.of("carol via c@dash")));
    browser().screenshot(tab, "dashboard-live");

    // c dies: shown as crashed, then gone
    long crashed = System.nanoTime();
    cluster.crash(c);
    Poll.until(WAIT, "c shown as crashed", () -> browser().texts(tab, ".node[data-node='c@dash'] .state").equals(List.of("down (crashed)")));
    long crashShownMs = (System.nanoTime() - crashed) / 1_000_000;
    browser().screenshot(tab, "dashboard-crashed");
    assertThat(crashShownMs).as("kill → shown as crashed (ms)").isLessThan(4_000);
    assertThat(browser().texts(tab, "#feed li")).anyMatch(line -> line.endsWith("node down: c@dash (crashed)"));
    Poll.until(WAIT, "c gone from the page", () -> states(tab).equals(List.of("up", "up")));
    assertThat(browser().texts(tab, ".node h3")).containsExactly("a@dashthis node", "b@dash");
  }

  @Test
  void aClusterWithFiftyThousandMembersLoadsInUnderTwoSeconds() {
    Multinode a = cluster.start("a@big");
    Multinode b = cluster.start("b@big");
    cluster.awaitFormed();
    // 1,000 groups of 50 members each, on b
    List<GroupMember> members = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      members.add(await(b.groups().member(message -> { }, null)));
    }
    GroupMember[] all = members.toArray(GroupMember[]::new);
    for (int group = 0; group < 1_000; group++) {
      await(b.groups().join("g" + group, all));
    }
    Poll.until(WAIT, "a's replica has them all", () -> a.groups().whichGroups().size() == 1_000
      && a.groups().members("g999").size() == 50);

    browser().resize(1280, 1900);
    int tab = browser().open("http://127.0.0.1:" + a.adminPort() + "/dashboard/");
    Poll.until(WAIT, "the page drawn", () -> browser().script(tab, "return document.body.dataset.loadedMs") != null);
    long loadedMs = Long.parseLong(String.valueOf(browser().script(tab, "return document.body.dataset.loadedMs")));
    assertThat(browser().texts(tab, "#groups-count")).containsExactly("(1000 groups, 50000 members)");
    assertThat(browser().all(tab, "#groups tbody tr")).hasSize(200);
    assertThat(browser().texts(tab, "#groups-more")).containsExactly("and 800 smaller groups (filter to see them)");
    browser().screenshot(tab, "dashboard-50000-members");
    // from the start of navigation to the first drawing with everything in it
    assertThat(loadedMs).as("page load with 50,000 members (ms)").isLessThan(2_000);

    // and it stays live: one more join shows
    await(b.groups().join("g0", await(b.groups().member(message -> { }, null))));
    Poll.until(WAIT, "g0 grew", () -> browser().texts(tab, "#groups tr[data-group='g0'] td.total").equals(List.of("51")));
  }

  private Browser browser() {
    return browsers.get();
  }

  /** The state line of every node box, in order. */
  private List<String> states(int tab) {
    return browser().texts(tab, ".node .state");
  }
}
