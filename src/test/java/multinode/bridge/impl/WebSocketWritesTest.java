package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket's writer on a channel of its own (Netty's embedded one, whose event loop runs when told): what
 * it is owed leaves in order, in one flush per turn of the loop, as the bytes a client reads.
 */
class WebSocketWritesTest {

  private final WebSocketWrites writes = new WebSocketWrites();

  @Test
  void framesOwedWhenTheLoopTurnsLeaveInOrderInOneFlush() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = writes.out(channel, false);
    AtomicInteger written = new AtomicInteger();
    for (int i = 1; i <= 3; i++) {
      out.write(new Frame("{\"n\":" + i + "}"), written::incrementAndGet);
    }
    assertThat((Object) channel.readOutbound()).as("nothing leaves before the loop turns").isNull();
    channel.runPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(written).as("each frame counted as handed over").hasValue(3);
    assertThat(flushes(channel)).isEqualTo(1);
  }

  @Test
  void twoSocketsGetTheSameFrameEachWhole() {
    EmbeddedChannel one = webSocket();
    EmbeddedChannel two = webSocket();
    WebSocketWrites.Out first = writes.out(one, true);
    WebSocketWrites.Out second = writes.out(two, true);
    Frame frame = new Frame("{\"type\":\"rec\",\"body\":\"hi\"}");
    first.write(frame, () -> { });
    second.write(frame, () -> { });
    one.runPendingTasks();
    two.runPendingTasks();
    assertThat(texts(one)).containsExactly("a[\"{\\\"type\\\":\\\"rec\\\",\\\"body\\\":\\\"hi\\\"}\"]");
    assertThat(texts(two)).isEqualTo(List.of("a[\"{\\\"type\\\":\\\"rec\\\",\\\"body\\\":\\\"hi\\\"}\"]"));
  }

  @Test
  void aClosedSocketWritesNothingAndLetsGoOfWhatWaited() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = writes.out(channel, false);
    AtomicInteger written = new AtomicInteger();
    out.write(new Frame("{\"n\":1}"), written::incrementAndGet);
    out.close();
    out.write(new Frame("{\"n\":2}"), written::incrementAndGet);
    channel.runPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(written).hasValue(2);
  }

  /** Counts the flushes that reach the socket. */
  private static final class Flushes extends ChannelOutboundHandlerAdapter {

    int count;

    @Override
    public void flush(ChannelHandlerContext ctx) {
      count++;
      ctx.flush();
    }
  }

  /** A channel whose pipeline looks like a WebSocket's past the handshake, counting its flushes. */
  private static EmbeddedChannel webSocket() {
    EmbeddedChannel channel = new EmbeddedChannel(new Flushes());
    channel.pipeline().addLast(WebSocketWrites.WEBSOCKET_ENCODER, new ChannelOutboundHandlerAdapter());
    return channel;
  }

  private static int flushes(EmbeddedChannel channel) {
    return channel.pipeline().get(Flushes.class).count;
  }

  /** What a client reads from the bytes the channel wrote, message by message. */
  private static List<String> texts(EmbeddedChannel channel) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
      .expectMaskedFrames(false).build()));
    for (ByteBuf bytes = channel.readOutbound(); bytes != null; bytes = channel.readOutbound()) {
      client.writeInbound(bytes);
    }
    List<String> texts = new ArrayList<>();
    for (TextWebSocketFrame frame = client.readInbound(); frame != null; frame = client.readInbound()) {
      texts.add(frame.text());
      frame.release();
    }
    client.finishAndReleaseAll();
    return texts;
  }
}
