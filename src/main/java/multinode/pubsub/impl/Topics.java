package multinode.pubsub.impl;

import multinode.pubsub.PubSub;
import multinode.pubsub.PubSubException;
import multinode.pubsub.PubSubFailure;

/** The rules for topics: 1 to {@value PubSub#MAX_TOPIC_LENGTH} characters, no control characters. */
final class Topics {

  private Topics() {
  }

  static String check(String topic) {
    if (topic == null || topic.isEmpty() || topic.length() > PubSub.MAX_TOPIC_LENGTH) {
      throw new PubSubException(PubSubFailure.INVALID_TOPIC,
        "a topic has 1 to " + PubSub.MAX_TOPIC_LENGTH + " characters, got " + (topic == null ? "none" : topic.length()));
    }
    for (int i = 0; i < topic.length(); i++) {
      if (Character.isISOControl(topic.charAt(i))) {
        throw new PubSubException(PubSubFailure.INVALID_TOPIC, "a topic must not contain control characters");
      }
    }
    return topic;
  }
}
