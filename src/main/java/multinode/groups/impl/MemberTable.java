package multinode.groups.impl;

import multinode.groups.GroupMember;

import java.util.List;

/**
 * A big group's members by id, in join order, kept in two arrays and no object per member.
 * <p>
 * {@code order} holds the members in join order, with null where one left; {@code index} is an
 * open-addressed table (linear probing) of positions in {@code order}, each plus one, with
 * {@value #FREE} for a free slot and {@value #LEFT} for one whose member left. The index is twice as long
 * as {@code order}, and holds at most one slot per position used, so a probe always ends at a free slot.
 * When {@code order} is full it is compacted, or doubled if more than half of it is in use, and the index
 * is built again; it is halved when under an eighth is in use.
 * <p>
 * A group's members are what every young collection copies while the group is new: a 100-member group is
 * three objects of about 1.6 KB here, where a {@code LinkedHashMap} made it 102 of about 5 KB. Neither
 * the JDK nor a linked map of fastutil (a {@code long} of links per entry besides keys and values) keeps
 * join order that compactly.
 * <p>
 * Not thread-safe: used under its group's lock.
 */
final class MemberTable {

  private static final int FREE = 0;
  private static final int LEFT = -1;
  private static final int MIN_CAPACITY = 16;

  private GroupMember[] order;
  private int[] index;
  /** Positions of {@link #order} used so far, by members in it or gone. */
  private int end;
  private int size;

  MemberTable() {
    order = new GroupMember[MIN_CAPACITY];
    index = new int[2 * MIN_CAPACITY];
  }

  int size() {
    return size;
  }

  GroupMember get(String id) {
    int slot = find(id);
    return slot < 0 ? null : order[index[slot] - 1];
  }

  /** Adds a member at the end of the join order; false if one with its id is in already. */
  boolean add(GroupMember member) {
    if (end == order.length) {
      rebuild(size > order.length / 2 ? 2 * order.length : order.length);
    }
    String id = member.id();
    int mask = index.length - 1;
    int reuse = -1;
    int slot = spread(id.hashCode()) & mask;
    // one probe: the member's slot if it is in, else the first left slot on the way, else the free one
    for (int entry; (entry = index[slot]) != FREE; slot = (slot + 1) & mask) {
      if (entry == LEFT) {
        if (reuse < 0) {
          reuse = slot;
        }
      } else if (order[entry - 1].id().equals(id)) {
        return false;
      }
    }
    order[end] = member;
    index[reuse < 0 ? slot : reuse] = end + 1;
    end++;
    size++;
    return true;
  }

  /** Removes the member with this id; returns it, or null if it was not in. */
  GroupMember remove(String id) {
    int slot = find(id);
    if (slot < 0) {
      return null;
    }
    int at = index[slot] - 1;
    GroupMember member = order[at];
    order[at] = null;
    index[slot] = LEFT;
    size--;
    if (order.length > MIN_CAPACITY && size < order.length / 8) {
      rebuild(order.length / 2);
    }
    return member;
  }

  /** The members in join order. */
  List<GroupMember> members() {
    GroupMember[] members = new GroupMember[size];
    int n = 0;
    for (int at = 0; at < end; at++) {
      if (order[at] != null) {
        members[n++] = order[at];
      }
    }
    return List.of(members);
  }

  /** The slot of {@link #index} that points at the member with this id, or -1. */
  private int find(String id) {
    int mask = index.length - 1;
    for (int slot = spread(id.hashCode()) & mask; ; slot = (slot + 1) & mask) {
      int entry = index[slot];
      if (entry == FREE) {
        return -1;
      }
      if (entry != LEFT && order[entry - 1].id().equals(id)) {
        return slot;
      }
    }
  }

  /** Points a slot at position {@code at}: the first free or left one on the id's probe. */
  private void place(String id, int at) {
    int mask = index.length - 1;
    int slot = spread(id.hashCode()) & mask;
    while (index[slot] != FREE && index[slot] != LEFT) {
      slot = (slot + 1) & mask;
    }
    index[slot] = at + 1;
  }

  /** Moves the members, in order, to arrays of {@code capacity} positions and indexes them again. */
  private void rebuild(int capacity) {
    GroupMember[] old = order;
    int oldEnd = end;
    order = new GroupMember[capacity];
    index = new int[2 * capacity];
    end = 0;
    for (int at = 0; at < oldEnd; at++) {
      if (old[at] != null) {
        order[end] = old[at];
        place(old[at].id(), end);
        end++;
      }
    }
  }

  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
