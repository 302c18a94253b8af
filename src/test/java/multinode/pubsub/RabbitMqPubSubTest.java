package multinode.pubsub;

import multinode.test.ClusterNodes;
import multinode.test.RabbitMqServer;

/** The server contract through a real RabbitMQ broker (Debian's rabbitmq-server on free ports); it is shut down and started again. */
class RabbitMqPubSubTest extends ServerPubSubContract {

  RabbitMqPubSubTest() {
    super(new RabbitMqServer(), "rabbitmq", ClusterNodes::sharedThroughRabbitMq);
  }
}
