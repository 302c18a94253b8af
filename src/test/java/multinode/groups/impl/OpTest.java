package multinode.groups.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import multinode.groups.GroupMember;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class OpTest {

  private static final Function<String, String> NAMES = id -> id + "@test";

  private static GroupMember member(String id) {
    return new GroupMember(id, "a@test", "node-a", "multinode.groups.member." + id, null, new JsonObject().put("n", id));
  }

  @Test
  void aBatchReadsBackToTheSameOpsInTheSameOrder() {
    List<Op> ops = List.of(
      Op.created("default", "g", true),
      Op.join("default", "g", member("1")), Op.join("default", "g", member("2")),
      Op.join("video", "g", member("1")),
      Op.leave("default", "g", "2"),
      Op.join("default", "g", member("2")),
      Op.leave("default", "ünïcödé", "3"),
      Op.join("vidéo", "ü".repeat(300) + "€", member("ünï")),
      Op.created("default", "g", false));

    Op.Batch batch = Op.read(Op.batch("node-a", 7, ops), NAMES);

    assertThat(batch.ops()).isEqualTo(ops);
    assertThat(batch.ops().get(7).member().metadata()).isEqualTo(new JsonObject().put("n", "ünï"));
    assertThat(batch.ops().get(5).member().metadata()).as("a member left then joined again in one batch")
      .isEqualTo(new JsonObject().put("n", "2"));
    assertThat(batch.from()).isEqualTo("node-a");
    assertThat(batch.first()).isEqualTo(7);
    assertThat(batch.seq()).as("a batch of ops covers no snapshot").isEqualTo(-1);
    assertThat(Op.from(Op.batch("node-a", 7, ops))).isEqualTo("node-a");
  }

  @Test
  void aSnapshotSaysTheLastOpItCovers() {
    List<Op> joins = List.of(Op.join("default", "g", member("1")), Op.join("default", "h", member("1")));

    Op.Batch snapshot = Op.read(Op.snapshot("node-a", 42, joins), NAMES);

    assertThat(snapshot.ops()).isEqualTo(joins);
    assertThat(snapshot.seq()).isEqualTo(42);
    assertThat(Op.read(Op.snapshot("node-a", 0, List.of()), NAMES).ops()).isEmpty();
  }

  @Test
  void aJoinOfManyMembersIsOneRunAndEachMemberIsWrittenOnce() {
    List<Op> intoG = List.of(Op.join("default", "g", member("1")), Op.join("default", "g", member("2")));
    List<Op> intoGAndH = List.of(Op.join("default", "g", member("1")), Op.join("default", "g", member("2")),
      Op.join("default", "h", member("1")), Op.join("default", "h", member("2")));

    int oneRun = 1 + (4 + "default".length()) + (4 + "h".length()) + 4;
    assertThat(Op.batch("node-a", 1, intoGAndH).length() - Op.batch("node-a", 1, intoG).length())
      .as("the second group's run: its kind, scope, group and size, and four bytes per member already written")
      .isEqualTo(oneRun + 2 * 4);
  }

  @Test
  void kindsTravelAsTheirOwnNumbersAndABatchSaysItsProtocol() {
    Buffer created = Op.batch("node-a", 1, List.of(Op.created("default", "h", true)));
    int kindAt = 4 + (4 + "node-a".length()) + 8 + 8 + 4 + 4;

    assertThat(created.getInt(0)).isEqualTo(Op.PROTOCOL.version());
    assertThat(created.getByte(kindAt)).isEqualTo((byte) 3);
    assertThat(List.of(Op.Kind.JOIN.wire, Op.Kind.LEAVE.wire, Op.Kind.CREATE.wire, Op.Kind.DELETE.wire)).containsExactly(1, 2, 3, 4);
    Buffer later = created.copy().setInt(0, Op.PROTOCOL.version() + 1);
    assertThat(Op.read(later, NAMES)).as("a batch of another release is not read").isNull();
    assertThat(Op.from(later)).isEqualTo("node-a");
  }
}
