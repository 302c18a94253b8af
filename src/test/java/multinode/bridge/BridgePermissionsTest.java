package multinode.bridge;

import multinode.bridge.BridgePermissions.Access;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The three policies, address by address and frame by frame: what is not named is denied. */
class BridgePermissionsTest {

  private static final BridgePermissions BROWSER = BridgePermissions.browser();
  private static final BridgePermissions SERVICE = BridgePermissions.service(List.of("events."));
  private static final BridgePermissions DASHBOARD = BridgePermissions.dashboard();

  @ParameterizedTest(name = "{0}: register {1}, send {2}, publish {3}")
  @CsvSource({
    "multinode.chat.requests, DENIED, CHAT_REQUESTS, DENIED",
    "multinode.chat.room.lobby, CHAT_ROOM, DENIED, DENIED",
    "multinode.chat.room.Bad Room, DENIED, DENIED, DENIED",
    "multinode.chat.presence, DENIED, DENIED, DENIED",
    "events.deploys, DENIED, DENIED, DENIED",
    "multinode.groups.api, DENIED, DENIED, DENIED",
    "multinode.node.x.invoke, DENIED, DENIED, DENIED",
    "multinode.dashboard.nodes, DENIED, DENIED, DENIED",
    "multinode.dashboard.snapshot, DENIED, DENIED, DENIED",
  })
  void aBrowserRegistersRoomsAndSendsRequestsOnly(String address, Access register, Access send, Access publish) {
    assertThat(BROWSER.register(address)).isEqualTo(register);
    assertThat(BROWSER.send(address)).isEqualTo(send);
    assertThat(BROWSER.publish(address)).isEqualTo(publish);
  }

  @ParameterizedTest(name = "{0}: register {1}, send and publish {2}")
  @CsvSource({
    "multinode.chat.room.lobby, CHAT_ROOM, CHAT_ROOM",
    "multinode.chat.room.Bad Room, DENIED, DENIED",
    "events.deploys, TOPIC, TOPIC",
    "eventsdeploys, DENIED, DENIED",
    "multinode.groups.api, DENIED, GROUPS_API",
    "multinode.groups.ops, DENIED, DENIED",
    "multinode.chat.requests, DENIED, DENIED",
    "multinode.chat.presence, DENIED, DENIED",
    "multinode.node.x.invoke, DENIED, DENIED",
    "multinode.dashboard.notices, DENIED, DENIED",
    "multinode.dashboard.figures.x, DENIED, DENIED",
  })
  void aServiceReachesRoomsTopicsUnderItsPrefixesAndTheGroupsApi(String address, Access register, Access sendOrPublish) {
    assertThat(SERVICE.register(address)).isEqualTo(register);
    assertThat(SERVICE.send(address)).isEqualTo(sendOrPublish);
    assertThat(SERVICE.publish(address)).isEqualTo(sendOrPublish);
  }

  @ParameterizedTest(name = "{0}: register {1}, send {2}")
  @CsvSource({
    "multinode.dashboard.nodes, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.groups, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.cluster, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.feed, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.snapshot, DENIED, DASHBOARD_SNAPSHOT",
  })
  void aServiceAndTheDashboardPageWatchTheDashboardReadOnly(String address, Access register, Access send) {
    for (BridgePermissions policy : List.of(SERVICE, DASHBOARD)) {
      assertThat(policy.register(address)).isEqualTo(register);
      assertThat(policy.send(address)).isEqualTo(send);
      assertThat(policy.publish(address)).isEqualTo(Access.DENIED);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"multinode.dashboard.notices", "multinode.dashboard.figures.x", "multinode.chat.requests",
    "multinode.chat.room.lobby", "multinode.groups.api", "events.deploys", "multinode.node.x.invoke"})
  void theDashboardPageReachesNothingElse(String address) {
    assertThat(DASHBOARD.register(address)).isEqualTo(Access.DENIED);
    assertThat(DASHBOARD.send(address)).isEqualTo(Access.DENIED);
    assertThat(DASHBOARD.publish(address)).isEqualTo(Access.DENIED);
  }
}
