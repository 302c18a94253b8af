package multinode.bridge;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The frame reader both bridges share, fed with hand-made frames. */
class BridgeFrameTest {

  private static BridgeFrame parse(String text) {
    return BridgeFrame.parse(Buffer.buffer(text));
  }

  @Test
  void aFrameSaysItsTypeAddressAndReplyAddress() {
    BridgeFrame send = parse("{\"type\":\"send\",\"address\":\"multinode.chat.requests\",\"replyAddress\":\"r1\",\"body\":{}}");
    BridgeFrame ping = parse("{\"type\":\"ping\"}");

    assertThat(send.type()).isEqualTo(BridgeFrame.Type.SEND);
    assertThat(send.address()).isEqualTo("multinode.chat.requests");
    assertThat(send.replyAddress()).isEqualTo("r1");
    assertThat(ping.type()).isEqualTo(BridgeFrame.Type.PING);
    assertThat(ping.address()).isNull();
    assertThat(parse("{\"type\":\"publish\",\"address\":\"a\",\"replyAddress\":\"\"}").replyAddress()).isNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "not json|invalid_json",
    "[1,2]|invalid_json",
    "{\"address\":\"a\"}|missing_type",
    "{\"type\":\"explode\",\"address\":\"a\"}|invalid_type",
    "{\"type\":7,\"address\":\"a\"}|invalid_type",
    "{\"type\":\"send\"}|missing_address",
    "{\"type\":\"register\",\"address\":\"\"}|missing_address",
    "{\"type\":\"send\",\"address\":5}|missing_address",
  })
  void aFrameThatCannotBeReadHasItsCode(String text, String code) {
    BridgeFrame.Malformed malformed = catchThrowableOfType(() -> parse(text), BridgeFrame.Malformed.class);

    assertThat(malformed).as(text).isNotNull();
    assertThat(malformed.code()).isEqualTo(code);
  }
}
