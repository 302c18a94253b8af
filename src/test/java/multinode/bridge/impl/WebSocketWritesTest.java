package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket's writer on a channel of its own (Netty's embedded one, whose event loop runs when told and
 * whose clock moves when told): what it is owed leaves in order, in one flush per turn of the loop, or per
 * window while deliveries keep coming, as the bytes a client reads.
 */
class WebSocketWritesTest {

  private static final long WINDOW_MS = 50;

  private final WebSocketWrites writes = new WebSocketWrites(Duration.ofMillis(WINDOW_MS));

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

  @Test
  void deliveriesToASocketWrittenAMomentAgoWaitForTheWindowAndLeaveTogether() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = deliveredOne(channel);
    assertThat(texts(channel)).as("the first delivery after a quiet window leaves at once").containsExactly("{\"n\":1}");

    channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    AtomicInteger written = new AtomicInteger();
    out.write(Frame.delivery("{\"n\":2}"), written::incrementAndGet);
    channel.runPendingTasks();
    channel.advanceTimeBy(20, TimeUnit.MILLISECONDS);
    out.write(Frame.delivery("{\"n\":3}"), written::incrementAndGet);
    channel.runPendingTasks();
    channel.advanceTimeBy(WINDOW_MS - 31, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).as("nothing leaves within the window of the last write").isNull();
    assertThat(written).hasValue(0);

    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":2}", "{\"n\":3}");
    assertThat(written).as("each frame counted as handed over").hasValue(2);
    assertThat(flushes(channel)).as("one flush per window").isEqualTo(2);
  }

  @Test
  void aReplyDoesNotWaitForTheWindowAndTakesTheDeliveriesBeforeItAlong() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = deliveredOne(channel);
    texts(channel);
    channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    out.write(Frame.delivery("{\"n\":2}"), () -> { });
    channel.runPendingTasks();
    out.write(new Frame("{\"reply\":3}"), () -> { });
    channel.runPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":2}", "{\"reply\":3}");

    // the socket's timer finds nothing left when it fires
    channel.advanceTimeBy(WINDOW_MS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void aReplyStartsNoWindow() {
    EmbeddedChannel channel = webSocket();
    channel.freezeTime();
    WebSocketWrites.Out out = writes.out(channel, false);
    out.write(new Frame("{\"reply\":1}"), () -> { });
    channel.runPendingTasks();
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    out.write(Frame.delivery("{\"n\":2}"), () -> { });
    channel.runPendingTasks();
    assertThat(texts(channel)).as("a room's echo of a post right after its reply").containsExactly("{\"reply\":1}", "{\"n\":2}");
  }

  @Test
  void aDeliveryAfterAQuietWindowLeavesAtOnce() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = deliveredOne(channel);
    channel.advanceTimeBy(WINDOW_MS, TimeUnit.MILLISECONDS);
    out.write(Frame.delivery("{\"n\":2}"), () -> { });
    channel.runPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  /** Stops the channel's clock, and writes delivery {@code {"n":1}} on it, which leaves at once. */
  private WebSocketWrites.Out deliveredOne(EmbeddedChannel channel) {
    channel.freezeTime();
    WebSocketWrites.Out out = writes.out(channel, false);
    out.write(Frame.delivery("{\"n\":1}"), () -> { });
    channel.runPendingTasks();
    return out;
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
