package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.handler.sockjs.impl.JsonCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A frame's shared WebSocket bytes, read back by Netty's own frame decoder as a client would read them. */
class FrameTest {

  @Test
  void aFrameOfEverySizeIsOneTextMessageAClientReadsBack() {
    // both length forms a frame uses (7 and 16 bits), and messages in two and four frames
    for (int size : List.of(0, 1, 125, 126, 127, 65_535, 65_536, 200_000)) {
      String text = "é".repeat(size / 2) + "x".repeat(size % 2);
      assertThat(readBack(new Frame(text).webSocket(false))).as("payload of %d bytes", size).isEqualTo(text);
    }
  }

  @Test
  void overSockJsTheFrameIsAnArrayOfOneStringAsVertxWouldWriteIt() {
    String text = "{\"type\":\"rec\",\"address\":\"chat.room.lobby\",\"body\":{\"text\":\"say \\\"hi\\\" \\u2028 ✓\"}}";
    assertThat(readBack(new Frame(text).webSocket(true))).isEqualTo("a" + JsonCodec.encode(new String[] {text}));
  }

  @Test
  void theBytesAreSharedAndEachSocketsDuplicateLeavesThemWhole() {
    Frame frame = new Frame("{\"type\":\"rec\"}");
    ByteBuf shared = frame.webSocket(false);
    assertThat(frame.webSocket(false)).isSameAs(shared);
    ByteBuf one = shared.duplicate();
    one.skipBytes(one.readableBytes());
    one.release();
    assertThat(readBack(shared.duplicate())).isEqualTo("{\"type\":\"rec\"}");
    assertThat(readBack(shared.duplicate())).isEqualTo("{\"type\":\"rec\"}");
  }

  /**
   * What a client decodes from the bytes: they must be exactly one whole text message, in frames no longer
   * than a Vert.x client reads by default.
   */
  private static String readBack(ByteBuf bytes) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
      .expectMaskedFrames(false).maxFramePayloadLength(new WebSocketClientOptions().getMaxFrameSize()).build()),
      new WebSocketFrameAggregator(1 << 20));
    assertThat(client.writeInbound(bytes.duplicate())).isTrue();
    TextWebSocketFrame message = client.readInbound();
    try {
      assertThat(message.isFinalFragment()).isTrue();
      assertThat((Object) client.readInbound()).isNull();
      return message.text();
    } finally {
      message.release();
      client.finishAndReleaseAll();
    }
  }
}
