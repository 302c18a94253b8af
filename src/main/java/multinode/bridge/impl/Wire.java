package multinode.bridge.impl;

import io.vertx.core.json.JsonObject;

/**
 * How each bridge protocol spells what the node sends. They differ only in names: the SockJS bridge
 * delivers and replies with {@code rec} frames and puts an error's code in {@code body}; the TCP bridge
 * uses {@code message} frames with a {@code send} flag, puts the code in {@code message}, and answers pings.
 */
enum Wire {

  SOCKJS {
    @Override
    JsonObject message(String address, Object body, boolean reply) {
      return new JsonObject().put("type", "rec").put("address", address).put("body", body);
    }

    @Override
    JsonObject error(String code) {
      return new JsonObject().put("type", "err").put("body", code);
    }

    @Override
    JsonObject pong() {
      return null;
    }
  },

  TCP {
    @Override
    JsonObject message(String address, Object body, boolean reply) {
      return new JsonObject().put("type", "message").put("address", address).put("send", reply).put("body", body);
    }

    @Override
    JsonObject error(String code) {
      return new JsonObject().put("type", "err").put("message", code);
    }

    @Override
    JsonObject pong() {
      return new JsonObject().put("type", "pong");
    }
  };

  /** A delivery to a registered address, or ({@code reply}) the answer to a request. */
  abstract JsonObject message(String address, Object body, boolean reply);

  /** A refused frame. */
  abstract JsonObject error(String code);

  /** The answer to a ping, or null when the protocol has none. */
  abstract JsonObject pong();

  /** A request that failed, to its reply address; the same in both protocols. */
  JsonObject failure(String replyAddress, int failureCode, String code) {
    return new JsonObject().put("type", "err").put("address", replyAddress).put("failureCode", failureCode)
      .put("failureType", "RECIPIENT_FAILURE").put("message", code);
  }
}
