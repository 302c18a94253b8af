package multinode.invoke.impl;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import multinode.invoke.InvokeException;
import multinode.invoke.InvokeFailure;

/**
 * How a task ended: a JSON value or an {@link InvokeException}. On the wire
 * {@code {"value":…}} or {@code {"error":"snake_case","message":"…"}}, merged into a reply or an end frame.
 */
record Outcome(Object value, InvokeException failure) {

  static Outcome success(Object value) {
    return new Outcome(value, null);
  }

  static Outcome failed(InvokeFailure failure, String message) {
    return new Outcome(null, new InvokeException(failure, message));
  }

  /** A task's completion: its value if it is JSON, its refusal, or {@code task_failed} with the exception's message. */
  static Outcome of(AsyncResult<?> result) {
    if (result.succeeded()) {
      Object value = result.result();
      if (value == null || value instanceof JsonObject || value instanceof JsonArray || value instanceof String
        || value instanceof Number || value instanceof Boolean) {
        return success(value);
      }
      return failed(InvokeFailure.TASK_FAILED, "the result (a " + value.getClass().getSimpleName() + ") is not JSON");
    }
    Throwable cause = result.cause();
    if (cause instanceof InvokeException e) {
      return new Outcome(null, e);
    }
    return failed(InvokeFailure.TASK_FAILED, cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
  }

  /** Reads the fields {@link #writeTo} wrote. */
  static Outcome readFrom(JsonObject json) {
    String error = json.getString("error");
    return error == null
      ? success(json.getValue("value"))
      : failed(InvokeFailure.ofCode(error), json.getString("message", error));
  }

  /** Adds this outcome's fields to a frame. */
  JsonObject writeTo(JsonObject json) {
    return failure == null
      ? json.put("value", value)
      : json.put("error", failure.failure().code()).put("message", failure.getMessage());
  }

  boolean succeeded() {
    return failure == null;
  }

  <T> Future<T> toFuture() {
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return failure == null ? Future.succeededFuture(typed) : Future.failedFuture(failure);
  }
}
