package multinode.chat;

import multinode.test.SharedDeployment;
import org.junit.jupiter.api.Tag;

/** The shared-rooms pages with the topics through a real Mosquitto broker (the MQTT adapter), the history in a real PostgreSQL. */
@Tag("browser")
class ChatMqttBrowserTest extends SharedRoomsBrowserContract {

  @Override
  SharedDeployment deploy() {
    return SharedDeployment.mqttWithPostgres("a@mqtt-page", "b@mqtt-page");
  }
}
