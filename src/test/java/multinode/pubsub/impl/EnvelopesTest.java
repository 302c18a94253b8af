package multinode.pubsub.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import multinode.pubsub.PubSubMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The batches the adapters carry between nodes, written and read back by hand. */
class EnvelopesTest {

  @Test
  void aBatchCarriesItsMessagesInOrderWithBodiesOfBothKindsAndHeaders() {
    List<PubSubMessage> sent = List.of(
      new PubSubMessage("t", new JsonObject().put("n", 1), Map.of(), "a@x"),
      new PubSubMessage("t", Buffer.buffer(new byte[] {0, 1, 2}), Map.of("k", "v"), "a@x"));

    JsonObject batch = Envelopes.batch("a@x", "t", sent);
    List<PubSubMessage> read = Envelopes.messages(new JsonObject(batch.encode()));

    assertThat(batch.getInteger("v")).isEqualTo(Envelopes.PROTOCOL.version());
    assertThat(read).hasSize(2);
    assertThat(read.get(0).json()).isEqualTo(new JsonObject().put("n", 1));
    assertThat(((Buffer) read.get(1).body()).getBytes()).containsExactly(0, 1, 2);
    assertThat(read.get(1).headers()).isEqualTo(Map.of("k", "v"));
    assertThat(read).allSatisfy(m -> assertThat(m.topic()).isEqualTo("t"));
  }

  @Test
  void aBatchOfAnotherProtocolVersionIsNotRead() {
    JsonObject batch = Envelopes.batch("a@x", "t", List.of(new PubSubMessage("t", new JsonObject(), Map.of(), "a@x")));

    assertThat(Envelopes.messages(batch.copy().put("v", Envelopes.PROTOCOL.version() + 1))).isEmpty();
    assertThat(Envelopes.messages(batch.copy().put("v", null))).isEmpty();
  }
}
