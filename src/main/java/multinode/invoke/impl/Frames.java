package multinode.invoke.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.Protocol;

import java.util.List;

/**
 * The invoke protocol between two nodes, one JSON object per event-bus message, told apart by {@code type}.
 * <p>
 * Caller → the task's node ({@code multinode.node.<id>.invoke}):
 * <ul>
 *   <li>{@code call} (a request): runs the task; the reply is its {@link Outcome}. Output is dropped.</li>
 *   <li>{@code spawn} (a request): the reply {@code {"started":true}} or an outcome failure; the
 *       output and the end then arrive as separate frames.</li>
 *   <li>{@code ack}: the caller handed output batch {@code seq} (and all before it) to its handler.</li>
 *   <li>{@code cancel}: stop the task.</li>
 * </ul>
 * The task's node → caller ({@code multinode.node.<id>.invoke.output}):
 * <ul>
 *   <li>{@code output}: batch {@code seq} (1, 2, …) of {@code lines};</li>
 *   <li>{@code end}: the outcome, and in {@code seq} the number of the last output batch.</li>
 * </ul>
 * Every frame carries the caller's node id ({@code caller}) and the invocation id the caller chose
 * ({@code id}); the pair names the invocation on the task's node; and the protocol's version ({@code v}):
 * a frame of another version is not read, and a request in one fails with {@code protocol_mismatch}.
 */
final class Frames {

  static final Protocol PROTOCOL = new Protocol("invoke", 1);

  static final String CALL = "call";
  static final String SPAWN = "spawn";
  static final String ACK = "ack";
  static final String CANCEL = "cancel";
  static final String OUTPUT = "output";
  static final String END = "end";

  private Frames() {
  }

  static JsonObject call(String type, long id, String caller, String task, JsonObject args, long timeoutMs) {
    return frame(type, id, caller).put("task", task).put("args", args).put("timeoutMs", timeoutMs);
  }

  static JsonObject ack(long id, String caller, long seq) {
    return frame(ACK, id, caller).put("seq", seq);
  }

  static JsonObject cancel(long id, String caller) {
    return frame(CANCEL, id, caller);
  }

  static JsonObject output(long id, String caller, long seq, List<String> lines) {
    return frame(OUTPUT, id, caller).put("seq", seq).put("lines", new JsonArray(lines));
  }

  static JsonObject end(long id, String caller, long lastSeq, Outcome outcome) {
    return outcome.writeTo(frame(END, id, caller).put("seq", lastSeq));
  }

  static JsonObject started() {
    return new JsonObject().put("started", true);
  }

  /** The key of an invocation on the task's node: caller node id and the caller's id for it. */
  static String key(JsonObject frame) {
    return frame.getString("caller") + "/" + frame.getLong("id");
  }

  private static JsonObject frame(String type, long id, String caller) {
    return PROTOCOL.stamp(new JsonObject()).put("type", type).put("id", id).put("caller", caller);
  }
}
