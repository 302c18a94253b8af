package multinode.pubsub;

import multinode.test.ClusterNodes;
import multinode.test.MosquittoServer;

/** The server contract through a real Mosquitto broker on a free port, with persistence; it is stopped (SIGTERM) and started again. */
class MqttPubSubTest extends ServerPubSubContract {

  MqttPubSubTest() {
    super(new MosquittoServer(), "mqtt", ClusterNodes::sharedThroughMqtt);
  }
}
