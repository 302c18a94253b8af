package multinode.chat;

import multinode.test.SharedDeployment;
import org.junit.jupiter.api.Tag;

/** The shared-rooms pages with the topics through a real RabbitMQ broker (the RabbitMQ adapter), the history in a real PostgreSQL. */
@Tag("browser")
class ChatRabbitMqBrowserTest extends SharedRoomsBrowserContract {

  @Override
  SharedDeployment deploy() {
    return SharedDeployment.rabbitMqWithPostgres("a@rabbitmq-page", "b@rabbitmq-page");
  }
}
