package multinode.bridge;

import multinode.bridge.BridgePermissions.Access;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void aServiceWatchesTheDashboardReadOnly(String address, Access register, Access send) {
    assertThat(SERVICE.register(address)).isEqualTo(register);
    assertThat(SERVICE.send(address)).isEqualTo(send);
    assertThat(SERVICE.publish(address)).isEqualTo(Access.DENIED);
  }

  @ParameterizedTest(name = "{0}: register {1}, send {2}")
  @CsvSource({
    "multinode.dashboard.nodes, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.groups, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.cluster, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.feed, DASHBOARD_STREAM, DENIED",
    "multinode.dashboard.snapshot, DENIED, DASHBOARD_SNAPSHOT",
    "multinode.dashboard.notices, DENIED, DENIED",
    "multinode.dashboard.figures.x, DENIED, DENIED",
    "multinode.chat.requests, DENIED, DENIED",
    "multinode.chat.room.lobby, DENIED, DENIED",
    "multinode.groups.api, DENIED, DENIED",
    "events.deploys, DENIED, DENIED",
    "multinode.node.x.invoke, DENIED, DENIED",
  })
  void theDashboardPageWatchesItsStreamsAndAsksForItsSnapshotOnly(String address, Access register, Access send) {
    assertThat(DASHBOARD.register(address)).isEqualTo(register);
    assertThat(DASHBOARD.send(address)).isEqualTo(send);
    assertThat(DASHBOARD.publish(address)).isEqualTo(Access.DENIED);
  }
}
