package multinode.bridge.impl;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.concurrent.Future;
import multinode.test.Poll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket's writer on a channel of its own (Netty's embedded one, whose event loop runs when told and
 * whose clock moves when told): what it is owed leaves in order, in one flush per turn of the loop, or per
 * window while deliveries keep coming, as the bytes a client reads.
 */
class WebSocketWritesTest {

  private static final long WINDOW_MS = 50;
  /** Three of the tests' deliveries, {@code {"n":3}} and the like, 7 characters each. */
  private static final int MAX_HELD_CHARS = 20;

  private final WebSocketWrites writes = new WebSocketWrites(Duration.ofMillis(WINDOW_MS), MAX_HELD_CHARS);

  @Test
  void framesOwedWhenTheLoopTurnsLeaveInOrderInOneFlush() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = writes.out(channel, false);
    for (int i = 1; i <= 3; i++) {
      out.write(new Frame("{\"n\":" + i + "}"));
    }
    assertThat((Object) channel.readOutbound()).as("nothing leaves before the loop turns").isNull();
    assertThat(out.waiting()).as("the three frames' characters wait").isEqualTo(21);
    channel.runPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(out.waiting()).as("every frame handed over").isZero();
    assertThat(flushes(channel)).isEqualTo(1);
  }

  @Test
  void moreThanOneTurnsWorthFromAnotherThreadLeavesOverTwoTurnsInOrder() throws Exception {
    try (LocalSockets sockets = new LocalSockets()) {
      WebSocketWrites.Out out = writes.out(sockets.server, false);
      int frames = WebSocketWrites.MAX_TAKEN_PER_TURN + 10;
      List<String> sent = new ArrayList<>();
      // all of them queued while the loop is busy
      CountDownLatch allWritten = new CountDownLatch(1);
      sockets.server.eventLoop().execute(() -> await(allWritten));
      for (int i = 1; i <= frames; i++) {
        sent.add("{\"n\":" + i + "}");
        out.write(new Frame(sent.get(i - 1)));
      }
      allWritten.countDown();
      Poll.until(Duration.ofSeconds(30), "every frame read", () -> sockets.read.size() >= frames);
      assertThat(sockets.read).isEqualTo(sent);
      Poll.until(Duration.ofSeconds(10), "every frame handed over", () -> out.waiting() == 0);
      assertThat(sockets.flushes.count).as("a turn's worth, then the rest on the loop's next turn").isEqualTo(2);
    }
  }

  @Test
  void twoSocketsGetTheSameFrameEachWhole() {
    EmbeddedChannel one = webSocket();
    EmbeddedChannel two = webSocket();
    WebSocketWrites.Out first = writes.out(one, true);
    WebSocketWrites.Out second = writes.out(two, true);
    Frame frame = new Frame("{\"type\":\"rec\",\"body\":\"hi\"}");
    first.write(frame);
    second.write(frame);
    one.runPendingTasks();
    two.runPendingTasks();
    assertThat(texts(one)).containsExactly("a[\"{\\\"type\\\":\\\"rec\\\",\\\"body\\\":\\\"hi\\\"}\"]");
    assertThat(texts(two)).isEqualTo(List.of("a[\"{\\\"type\\\":\\\"rec\\\",\\\"body\\\":\\\"hi\\\"}\"]"));
  }

  @Test
  void aClosedSocketWritesNothingAndLetsGoOfWhatWaited() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = writes.out(channel, false);
    out.write(new Frame("{\"n\":1}"));
    assertThat(out.waiting()).isEqualTo(7);
    out.close();
    out.write(new Frame("{\"n\":2}"));
    channel.runPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(out.waiting()).as("nothing waits for a closed socket").isZero();
  }

  @Test
  void deliveriesToABusySocketWaitForTheWindowAndLeaveTogether() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = busy(channel);
    channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    deliver(channel, out, 3);
    channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    deliver(channel, out, 4);
    // the window runs from the last write, message 2's, 20 ms ago
    channel.advanceTimeBy(WINDOW_MS - 21, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).as("nothing leaves within the window of the last write").isNull();
    assertThat(out.waiting()).as("both deliveries wait").isEqualTo(14);

    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":3}", "{\"n\":4}");
    assertThat(out.waiting()).as("both handed over").isZero();
    assertThat(flushes(channel)).as("messages 1 and 2 each at once, then one flush for the window").isEqualTo(3);
  }

  @Test
  void aWindowThatHoldsEnoughIsWrittenAtOnceAndTheNextWindowStartsThere() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = busy(channel);
    channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    deliver(channel, out, 3);
    deliver(channel, out, 4);
    assertThat((Object) channel.readOutbound()).as("14 characters wait for the window").isNull();
    deliver(channel, out, 5);
    assertThat(texts(channel)).as("21 characters leave at once").containsExactly("{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
    assertThat(out.waiting()).isZero();

    deliver(channel, out, 6);
    assertThat((Object) channel.readOutbound()).as("the next delivery waits a window from that write").isNull();
    channel.advanceTimeBy(WINDOW_MS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":6}");
  }

  @Test
  void atLowRatesNothingWaits() {
    EmbeddedChannel channel = webSocket();
    channel.freezeTime();
    WebSocketWrites.Out out = writes.out(channel, false);
    // one message every 30 ms, over the 25 ms (half a window) between deliveries that makes a socket busy
    for (int n = 1; n <= 4; n++) {
      deliver(channel, out, n);
      assertThat(texts(channel)).as("message %d leaves on the loop's turn", n).containsExactly("{\"n\":" + n + "}");
      channel.advanceTimeBy(30, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aReplyDoesNotWaitForTheWindowAndTakesTheDeliveriesBeforeItAlong() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = busy(channel);
    channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    deliver(channel, out, 3);
    out.write(new Frame("{\"reply\":4}"));
    channel.runPendingTasks();
    assertThat(texts(channel)).containsExactly("{\"n\":3}", "{\"reply\":4}");

    // the socket's timer finds nothing left when it fires
    channel.advanceTimeBy(WINDOW_MS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void aReplyStartsNoWindow() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = busy(channel);
    channel.advanceTimeBy(WINDOW_MS, TimeUnit.MILLISECONDS);
    out.write(new Frame("{\"reply\":3}"));
    channel.runPendingTasks();
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    deliver(channel, out, 4);
    assertThat(texts(channel)).as("a room's echo of a post right after its reply").containsExactly("{\"reply\":3}", "{\"n\":4}");
  }

  @Test
  void aDeliveryAfterAQuietWindowLeavesAtOnce() {
    EmbeddedChannel channel = webSocket();
    WebSocketWrites.Out out = busy(channel);
    channel.advanceTimeBy(WINDOW_MS, TimeUnit.MILLISECONDS);
    deliver(channel, out, 3);
    assertThat(texts(channel)).containsExactly("{\"n\":3}");
  }

  @Test
  void framesWrittenOnTheSocketsLoopAndOnOtherThreadsLeaveInTheOrderWritten() throws Exception {
    try (LocalSockets sockets = new LocalSockets()) {
      Channel channel = sockets.server;
      WebSocketWrites.Out out = writes.out(channel, false);

      // the loop is busy while this thread writes 1, then writes 2 itself before it turns again
      CountDownLatch oneWritten = new CountDownLatch(1);
      Future<?> two = channel.eventLoop().submit(() -> {
        oneWritten.await(10, TimeUnit.SECONDS);
        out.write(new Frame("{\"n\":2}"));
        return null;
      });
      out.write(new Frame("{\"n\":1}"));
      oneWritten.countDown();
      two.get(10, TimeUnit.SECONDS);
      out.write(new Frame("{\"n\":3}"));
      channel.eventLoop().submit(() -> out.write(new Frame("{\"n\":4}"))).get(10, TimeUnit.SECONDS);

      Poll.until(Duration.ofSeconds(10), "four frames read", () -> sockets.read.size() >= 4);
      assertThat(sockets.read).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
    }
  }

  @Test
  void onEpollFramesWrittenWhileNettyHoldsBytesWaitBehindThem() throws Exception {
    try (EpollSocket socket = new EpollSocket(false)) {
      WebSocketWrites.Out out = writes.out(socket.server, false);
      // far more than the socket buffers hold while the client does not read: the kernel takes part of the
      // first turn's bytes and Netty keeps the rest, to write once the socket can take more
      String padding = "x".repeat(8_000);
      List<Frame> sent = new ArrayList<>();
      for (int n = 1; n <= 2_000; n++) {
        sent.add(new Frame("{\"n\":" + n + ",\"pad\":\"" + padding + "\"}"));
      }
      socket.server.eventLoop().submit(() -> sent.subList(0, 1_000).forEach(out::write)).get(10, TimeUnit.SECONDS);
      Poll.until(Duration.ofSeconds(10), "the socket full, with bytes waiting in Netty's buffer", () -> !socket.server.isWritable());
      assertThat(out.waiting()).as("the first turn's frames wait whole while Netty holds some of their bytes")
        .isEqualTo(chars(sent.subList(0, 1_000)));

      // the second turn is written after the client made room in the kernel, before Netty hears of it
      CountDownLatch roomMade = new CountDownLatch(1);
      Future<?> secondTurn = socket.server.eventLoop().submit(() -> {
        await(roomMade);
        sent.subList(1_000, 2_000).forEach(out::write);
      });
      byte[] first = socket.client.getInputStream().readNBytes(256 * 1024);
      roomMade.countDown();
      secondTurn.get(10, TimeUnit.SECONDS);
      byte[] expected = bytes(sent);
      byte[] rest = socket.client.getInputStream().readNBytes(expected.length - first.length);
      assertThat(ByteBuffer.wrap(first).equals(ByteBuffer.wrap(expected, 0, first.length))
        && ByteBuffer.wrap(rest).equals(ByteBuffer.wrap(expected, first.length, rest.length)))
        .as("the client read every frame's bytes, in the order written").isTrue();
      Poll.until(Duration.ofSeconds(10), "every frame handed over", () -> out.waiting() == 0);
    }
  }

  @Test
  void onEpollFramesTheKernelTakesAtOnceWaitNoLonger() throws Exception {
    try (EpollSocket socket = new EpollSocket(false)) {
      threeFramesWrittenOnTheLoopAndRead(socket);
    }
  }

  @Test
  void onEpollAHandlerOnTheWayOutStillSeesEveryByte() throws Exception {
    try (EpollSocket socket = new EpollSocket(true)) {
      int read = threeFramesWrittenOnTheLoopAndRead(socket);
      assertThat(socket.onTheWayOut.get()).as("bytes that passed the handler before the encoder (as TLS would be)")
        .isEqualTo(read);
    }
  }

  /**
   * Three frames written in one turn of the socket's loop, waiting until the turn ends, read whole by the
   * client, and then no longer waiting: the bytes read.
   */
  private int threeFramesWrittenOnTheLoopAndRead(EpollSocket socket) throws Exception {
    WebSocketWrites.Out out = writes.out(socket.server, false);
    List<Frame> sent = List.of(new Frame("{\"n\":1}"), new Frame("{\"n\":2}"), new Frame("{\"n\":3}"));
    socket.server.eventLoop().submit(() -> {
      sent.forEach(out::write);
      assertThat(out.waiting()).as("taken, not yet sent").isEqualTo(21);
    }).get(10, TimeUnit.SECONDS);
    byte[] expected = bytes(sent);
    assertThat(socket.client.getInputStream().readNBytes(expected.length)).isEqualTo(expected);
    Poll.until(Duration.ofSeconds(10), "every frame handed over", () -> out.waiting() == 0);
    return expected.length;
  }

  /** The server side's pipeline, as a WebSocket's past the handshake, with {@code before} the encoder. */
  private static ChannelInitializer<Channel> webSocketPipeline(CompletableFuture<Channel> accepted, ChannelHandler... before) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        channel.pipeline().addLast(before).addLast(WebSocketWrites.WEBSOCKET_ENCODER, new ChannelOutboundHandlerAdapter());
        accepted.complete(channel);
      }
    };
  }

  /** Netty's in-memory sockets on one event loop of their own: the server's flushes counted, the client's frames read. */
  private static final class LocalSockets implements AutoCloseable {

    final EventLoopGroup group = new DefaultEventLoopGroup(1);
    final Flushes flushes = new Flushes();
    final List<String> read = new CopyOnWriteArrayList<>();
    final Channel server;

    LocalSockets() throws Exception {
      LocalAddress address = new LocalAddress("websocket-writes-" + UUID.randomUUID());
      CompletableFuture<Channel> accepted = new CompletableFuture<>();
      new ServerBootstrap().group(group).channel(LocalServerChannel.class).childHandler(webSocketPipeline(accepted, flushes))
        .bind(address).sync();
      new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel channel) {
          channel.pipeline().addLast(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).build()),
            new SimpleChannelInboundHandler<TextWebSocketFrame>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                read.add(frame.text());
              }
            });
        }
      }).connect(address).sync();
      server = accepted.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /**
   * A loopback TCP connection accepted on Linux's epoll, as the node's, its pipeline a WebSocket's past the
   * handshake, and a plain client socket whose reads the test makes.
   */
  private static final class EpollSocket implements AutoCloseable {

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    /** Bytes written past a handler before the encoder, when there is one. */
    final AtomicLong onTheWayOut = new AtomicLong();
    final Channel server;
    final Socket client = new Socket();

    EpollSocket(boolean handlerOnTheWayOut) throws Exception {
      assertThat(Epoll.isAvailable()).as("epoll on this machine").isTrue();
      CompletableFuture<Channel> accepted = new CompletableFuture<>();
      ChannelHandler[] before = handlerOnTheWayOut ? new ChannelHandler[] {new ChannelOutboundHandlerAdapter() {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
          onTheWayOut.addAndGet(((ByteBuf) msg).readableBytes());
          ctx.write(msg, promise);
        }
      }} : new ChannelHandler[0];
      Channel listening = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
        .childHandler(webSocketPipeline(accepted, before)).bind("127.0.0.1", 0).sync().channel();
      // a receive buffer that holds some of what the tests write, and the client reads as much before it writes more
      client.setReceiveBufferSize(1 << 20);
      client.setSoTimeout(30_000);
      client.connect(listening.localAddress(), 10_000);
      server = accepted.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      client.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** The frames' characters, as a socket counts what waits for its client. */
  private static long chars(List<Frame> frames) {
    return frames.stream().mapToLong(frame -> frame.text().length()).sum();
  }

  /** The frames' WebSocket bytes one after another, as a client reads them. */
  private static byte[] bytes(List<Frame> frames) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Frame frame : frames) {
      ByteBuf shared = frame.webSocket(false);
      bytes.writeBytes(ByteBufUtil.getBytes(shared));
    }
    return bytes.toByteArray();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the channel's clock and makes its socket busy: deliveries 1 and 2, 10 ms apart, each written at
   * once (the first after a quiet window; the second before the socket's rate is known), and read.
   */
  private WebSocketWrites.Out busy(EmbeddedChannel channel) {
    channel.freezeTime();
    WebSocketWrites.Out out = writes.out(channel, false);
    deliver(channel, out, 1);
    channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    deliver(channel, out, 2);
    assertThat(texts(channel)).containsExactly("{\"n\":1}", "{\"n\":2}");
    return out;
  }

  /** Delivery {@code {"n":n}}, made now on the channel's clock, and a turn of the loop. */
  private static void deliver(EmbeddedChannel channel, WebSocketWrites.Out out, int n) {
    out.write(Frame.delivery("{\"n\":" + n + "}", channel.eventLoop().ticker().nanoTime()));
    channel.runPendingTasks();
  }

  /** Counts the flushes that reach the socket. */
  private static final class Flushes extends ChannelOutboundHandlerAdapter {

    volatile int count;

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
