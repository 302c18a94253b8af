package multinode.groups.impl;

import io.vertx.core.json.JsonObject;
import multinode.groups.GroupMember;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpTest {

  private static GroupMember member(String id) {
    return new GroupMember(id, "a@test", "node-a", "multinode.groups.member." + id, null, new JsonObject().put("n", id));
  }

  @Test
  void aBatchDecodesToTheSameOpsInTheSameOrder() {
    List<Op> ops = List.of(
      Op.created("default", "g", true),
      Op.join("default", "g", member("1")), Op.join("default", "g", member("2")),
      Op.join("video", "g", member("1")),
      Op.leave("default", "g", "2"),
      Op.created("default", "g", false));

    JsonObject batch = new JsonObject(Op.batch("node-a", 7, ops).encode());

    assertThat(Op.ops(batch)).isEqualTo(ops);
    assertThat(batch.getLong("first")).isEqualTo(7);
  }

  @Test
  void aJoinOfManyMembersIsOneEntryAndEachMemberIsWrittenOnce() {
    List<Op> ops = List.of(Op.join("default", "g", member("1")), Op.join("default", "g", member("2")),
      Op.join("default", "h", member("1")));

    JsonObject batch = Op.batch("node-a", 1, ops);

    assertThat(batch.getJsonArray("ops")).hasSize(2);
    assertThat(batch.getJsonObject("members").fieldNames()).containsExactly("1", "2");
  }

  @Test
  void kindsTravelAsTheirOwnNumbersAndABatchSaysItsProtocol() {
    JsonObject batch = Op.batch("node-a", 1, List.of(Op.join("default", "g", member("1")), Op.leave("default", "g", "1"),
      Op.created("default", "h", true), Op.created("default", "h", false)));

    assertThat(batch.getJsonArray("ops").stream().map(run -> ((io.vertx.core.json.JsonArray) run).getInteger(0)))
      .containsExactly(1, 2, 3, 4);
    assertThat(batch.getInteger("v")).isEqualTo(Op.PROTOCOL.version());
    assertThat(Op.PROTOCOL.understood(batch, "node-a")).isTrue();
    assertThat(Op.PROTOCOL.understood(batch.copy().put("v", Op.PROTOCOL.version() + 1), "node-b")).isFalse();
    assertThat(Op.PROTOCOL.understood(batch.copy().put("v", null), "node-c")).as("a node from before versions").isFalse();
  }
}
