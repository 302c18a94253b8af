package multinode.dashboard.impl;

import io.vertx.core.json.JsonObject;
import multinode.groups.GroupEvent;
import multinode.groups.GroupMember;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The groups panel's counts, fed by hand: a scope's snapshot, then joins and leaves, flushed as changes. */
class GroupCountsTest {

  private final GroupCounts counts = new GroupCounts();

  private static GroupMember member(String id, String node) {
    return new GroupMember(id, node, node + "-id", "addr." + id, null, new JsonObject());
  }

  private static GroupEvent event(GroupEvent.Type type, String scope, String group, GroupMember member) {
    return new GroupEvent(type, scope, group, member);
  }

  @Test
  void aSnapshotIsCountedPerNodeAndFlushedAsChangedOnce() {
    counts.load("default", Map.of("workers", List.of(member("m1", "a"), member("m2", "a"), member("m3", "b")), "empty", List.of()));

    assertThat(counts.all().encode()).isEqualTo("{\"default\":{\"workers\":{\"a\":2,\"b\":1}}}");
    JsonObject flushed = counts.flush();
    assertThat(flushed.getJsonObject("counts").encode()).isEqualTo("{\"default\":{\"workers\":{\"a\":2,\"b\":1}}}");
    assertThat(flushed.getJsonArray("events")).isEmpty();
    assertThat(counts.flush()).as("nothing changed since").isNull();
  }

  @Test
  void joinsAndLeavesChangeTheCountsAndAGroupWithNoMembersIsGone() {
    GroupMember m1 = member("m1", "a");
    GroupMember m2 = member("m2", "b");
    counts.apply(event(GroupEvent.Type.JOIN, "default", "workers", m1));
    counts.apply(event(GroupEvent.Type.JOIN, "default", "workers", m2));
    counts.apply(event(GroupEvent.Type.JOIN, "jobs", "queue", m2));
    JsonObject first = counts.flush();

    assertThat(first.getJsonObject("counts").encode())
      .isEqualTo("{\"default\":{\"workers\":{\"a\":1,\"b\":1}},\"jobs\":{\"queue\":{\"b\":1}}}");
    assertThat(first.getJsonArray("events")).hasSize(3);
    assertThat(first.getJsonArray("events").getJsonObject(0).getString("node")).isEqualTo("a");
    assertThat(first.getInteger("more")).isZero();

    counts.apply(event(GroupEvent.Type.LEAVE, "default", "workers", m1));
    counts.apply(event(GroupEvent.Type.LEAVE, "jobs", "queue", m2));
    JsonObject second = counts.flush();
    assertThat(second.getJsonObject("counts").encode()).isEqualTo("{\"default\":{\"workers\":{\"b\":1}},\"jobs\":{\"queue\":null}}");
    assertThat(counts.all().encode()).isEqualTo("{\"default\":{\"workers\":{\"b\":1}},\"jobs\":{}}");
  }

  @Test
  void aBurstCarriesTheFirstEventsAndCountsTheRest() {
    for (int i = 0; i < 1_000; i++) {
      counts.apply(event(GroupEvent.Type.JOIN, "default", "g" + (i % 10), member("m" + i, "a")));
    }
    assertThat(counts.joins()).isEqualTo(1_000);
    JsonObject flushed = counts.flush();

    assertThat(flushed.getJsonArray("events")).hasSize(GroupCounts.EVENTS_PER_FLUSH);
    assertThat(flushed.getInteger("more")).isEqualTo(1_000 - GroupCounts.EVENTS_PER_FLUSH);
    assertThat(flushed.getJsonObject("counts").getJsonObject("default")).hasSize(10);
    assertThat(flushed.getJsonObject("counts").getJsonObject("default").getJsonObject("g0").getInteger("a")).isEqualTo(100);
    assertThat(counts.joins()).isZero();
  }

  @Test
  void aScopeLoadedAgainReplacesWhatItHeld() {
    counts.load("default", Map.of("old", List.of(member("m1", "a"))));
    counts.flush();
    counts.load("default", Map.of("new", List.of(member("m2", "b"))));

    assertThat(counts.flush().getJsonObject("counts").encode()).isEqualTo("{\"default\":{\"old\":null,\"new\":{\"b\":1}}}");
    assertThat(counts.has("default")).isTrue();
    assertThat(counts.has("other")).isFalse();
  }
}
