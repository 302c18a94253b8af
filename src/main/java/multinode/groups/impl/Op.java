package multinode.groups.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import multinode.Protocol;
import multinode.groups.GroupMember;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One membership change as a node sends it to the others.
 * <p>
 * A node numbers its own ops 1, 2, 3, … and sends them in batches ({@link Batch}), in a binary form
 * read back by {@link #read}: the protocol version ({@link #PROTOCOL}) and the sender first, in every
 * version, so that a node of another release can tell it does not speak this one's and say who does not
 * (pg.erl's {@code {discover, Peer, Version}}); then the number of the first op and, for a snapshot, the number of the last op it covers; then each
 * member id the batch names, once, with the member itself where it joins; then the ops as runs: a run of
 * ops of one kind on one group (a join of many members) is its kind, scope and group once and the
 * index of each member id. Kinds travel as their own numbers, never as enum ordinals.
 * <p>
 * A member-join of a batched join costs four bytes there and no object on the receiving node but its
 * {@code Op}: in the JSON form it was before, it was a member id's 38 characters, parsed into a string
 * of its own by every node.
 *
 * @param kind what changed
 * @param scope the scope
 * @param group the group
 * @param member the member, for {@link Kind#JOIN}
 * @param memberId the member's id, for {@link Kind#JOIN} and {@link Kind#LEAVE}
 */
record Op(Kind kind, String scope, String group, GroupMember member, String memberId) {

  /** The version of this wire form: a node ignores batches of another. */
  static final Protocol PROTOCOL = new Protocol("groups", 2);

  /** What changed, with the number it travels as. */
  enum Kind {
    JOIN(1), LEAVE(2), CREATE(3), DELETE(4);

    final int wire;

    Kind(int wire) {
      this.wire = wire;
    }

    private static final Kind[] ALL = values();

    static Kind ofWire(int wire) {
      for (Kind kind : ALL) {
        if (kind.wire == wire) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no op kind numbered " + wire);
    }
  }

  static Op join(String scope, String group, GroupMember member) {
    return new Op(Kind.JOIN, scope, group, member, member.id());
  }

  static Op leave(String scope, String group, String memberId) {
    return new Op(Kind.LEAVE, scope, group, null, memberId);
  }

  static Op created(String scope, String group, boolean created) {
    return new Op(created ? Kind.CREATE : Kind.DELETE, scope, group, null, null);
  }

  /**
   * A batch as read back: a node's ops from number {@code first} on, or, as a snapshot of the node's
   * members, join ops covering the node's ops up to number {@code seq} ({@code -1} in a batch of ops).
   */
  record Batch(String from, long first, long seq, List<Op> ops) {
  }

  /** The wire form of {@code ops}, the first of which is number {@code first} of node {@code from}. */
  static Buffer batch(String from, long first, List<Op> ops) {
    return write(from, first, -1, ops);
  }

  /** The wire form of a snapshot: join ops of every membership, covering the ops up to number {@code seq}. */
  static Buffer snapshot(String from, long seq, List<Op> joins) {
    return write(from, 0, seq, joins);
  }

  private static Buffer write(String from, long first, long seq, List<Op> ops) {
    // each member id once, with the member where one of the ops joins it
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (Op op : ops) {
      if (op.memberId != null) {
        Integer at = index.putIfAbsent(op.memberId, ids.size());
        if (at == null) {
          ids.add(op.memberId);
          members.add(op.member == null ? null : op.member.toJson().encode());
        } else if (members.get(at) == null && op.member != null) {
          members.set(at, op.member.toJson().encode());
        }
      }
    }
    // runs: where each starts, and the size of the whole, so that the buffer is made once at its size
    List<Integer> runs = new ArrayList<>();
    int size = 4 + size(from) + 8 + 8 + 4 + 4;
    for (int m = 0; m < ids.size(); m++) {
      size += size(ids.get(m)) + size(members.get(m));
    }
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (i == 0 || !sameRun(ops.get(runs.get(runs.size() - 1)), op)) {
        runs.add(i);
        size += 1 + size(op.scope) + size(op.group) + 4;
      }
      size += op.memberId == null ? 0 : 4;
    }
    ByteBuf out = Unpooled.buffer(size, size).writeInt(PROTOCOL.version());
    write(out, from).writeLong(first).writeLong(seq).writeInt(ids.size());
    for (int m = 0; m < ids.size(); m++) {
      write(write(out, ids.get(m)), members.get(m));
    }
    out.writeInt(runs.size());
    for (int r = 0; r < runs.size(); r++) {
      int start = runs.get(r);
      int end = r + 1 < runs.size() ? runs.get(r + 1) : ops.size();
      Op op = ops.get(start);
      write(write(out.writeByte(op.kind.wire), op.scope), op.group).writeInt(op.memberId == null ? -1 : end - start);
      for (int m = start; op.memberId != null && m < end; m++) {
        out.writeInt(index.get(ops.get(m).memberId));
      }
    }
    return BufferInternal.buffer(out);
  }

  private static boolean sameRun(Op run, Op op) {
    return run.memberId != null && op.memberId != null && op.kind == run.kind && op.group.equals(run.group)
      && op.scope.equals(run.scope);
  }

  /** The id of the node that sent a batch, of this protocol or another: every version starts with the two. */
  static String from(Buffer batch) {
    return read(((BufferInternal) batch).getByteBuf(), new int[] {4}, null);
  }

  /**
   * A batch read back, or null if it is of another protocol: its sender, named by {@code nameOf} its id,
   * is then told of in the log once.
   */
  static Batch read(Buffer batch, Function<String, String> nameOf) {
    ByteBuf in = ((BufferInternal) batch).getByteBuf();
    int[] at = {4};
    String from = read(in, at, null);
    if (!PROTOCOL.understood(in.getInt(0), nameOf.apply(from))) {
      return null;
    }
    long first = in.getLong(at[0]);
    long seq = in.getLong(at[0] + 8);
    int count = in.getInt(at[0] + 16);
    at[0] += 20;
    String[] ids = new String[count];
    GroupMember[] members = new GroupMember[count];
    for (int m = 0; m < count; m++) {
      ids[m] = read(in, at, null);
      String member = read(in, at, null);
      members[m] = member == null ? null : GroupMember.fromJson(new JsonObject(member));
    }
    int runs = in.getInt(at[0]);
    at[0] += 4;
    List<Op> ops = new ArrayList<>();
    String scope = null;
    String group = null;
    for (int r = 0; r < runs; r++) {
      Kind kind = Kind.ofWire(in.getByte(at[0]));
      at[0] += 1;
      scope = read(in, at, scope);
      group = read(in, at, group);
      int size = in.getInt(at[0]);
      at[0] += 4;
      if (size < 0) {
        ops.add(new Op(kind, scope, group, null, null));
      }
      for (int m = 0; m < size; m++) {
        int id = in.getInt(at[0]);
        at[0] += 4;
        ops.add(new Op(kind, scope, group, kind == Kind.JOIN ? members[id] : null, ids[id]));
      }
    }
    return new Batch(from, first, seq, ops);
  }

  /** How many bytes a string takes: its UTF-8 length ({@code -1}: null), then its bytes. */
  private static int size(String value) {
    return 4 + (value == null ? 0 : ByteBufUtil.utf8Bytes(value));
  }

  private static ByteBuf write(ByteBuf out, String value) {
    if (value == null) {
      return out.writeInt(-1);
    }
    int length = ByteBufUtil.utf8Bytes(value);
    ByteBufUtil.reserveAndWriteUtf8(out.writeInt(length), value, length);
    return out;
  }

  /**
   * Reads a string at {@code at}, moving past it; {@code same} itself if the bytes are its own (a run's
   * scope is mostly the run before's: one string read, not one per run).
   */
  private static String read(ByteBuf in, int[] at, String same) {
    int length = in.getInt(at[0]);
    int start = at[0] + 4;
    at[0] = start + Math.max(length, 0);
    if (length < 0) {
      return null;
    }
    if (same != null && same.length() == length && asciiEquals(in, start, same)) {
      return same;
    }
    return in.toString(start, length, StandardCharsets.UTF_8);
  }

  private static boolean asciiEquals(ByteBuf in, int start, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80 || in.getByte(start + i) != c) {
        return false;
      }
    }
    return true;
  }
}
