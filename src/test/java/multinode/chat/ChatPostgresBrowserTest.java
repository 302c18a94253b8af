package multinode.chat;

import multinode.test.SharedDeployment;
import org.junit.jupiter.api.Tag;

/**
 * The shared-rooms pages over a real PostgreSQL server: the PostgreSQL adapter (LISTEN/NOTIFY), and so
 * the {@code postgres} history store in the same database.
 */
@Tag("browser")
class ChatPostgresBrowserTest extends SharedRoomsBrowserContract {

  @Override
  SharedDeployment deploy() {
    return SharedDeployment.postgres("a@postgres-page", "b@postgres-page");
  }
}
