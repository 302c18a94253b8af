package multinode.bridge.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How one bridge's WebSocket clients get their frames: straight into each connection's Netty channel,
 * on its event loop, with each socket flushed once per turn of that loop however many frames it is owed.
 * <p>
 * A room event goes to every socket of the room from the chat's thread. Through Vert.x, each of those
 * writes is a frame encoded for that socket, a promise, a task handed to the socket's event loop and a
 * flush, so one message to a thousand sockets costs a thousand of each. Here the frame's bytes are
 * encoded once ({@link Frame#webSocket}), a socket owed something is handed to its event loop once, and
 * when that loop turns, every frame the socket is owed by then leaves in one flush: under load several
 * messages share one {@code write()}; at low rates a frame leaves on the loop's next turn, with no timer.
 * <p>
 * A socket's frames leave in the order they were written, replies and deliveries alike. The frames
 * {@link WebSocketTransport} writes itself (SockJS's open frame, written once the handshake's response is,
 * before the client may send anything; its heartbeats, pongs, the close) keep their own order.
 */
public final class WebSocketWrites {

  /** The name Netty's WebSocket handshake gives the frame encoder in the connection's pipeline. */
  static final String WEBSOCKET_ENCODER = "wsencoder";

  private final Map<EventLoop, Loop> loops = new ConcurrentHashMap<>();

  /** For one bridge's sockets. */
  public WebSocketWrites() {
  }

  /** The writer of a WebSocket channel, past the handshake (its pipeline has the frame encoder). */
  Out out(Channel channel, boolean sockJsFraming) {
    Loop loop = loops.computeIfAbsent(channel.eventLoop(), Loop::new);
    return new Out(channel, sockJsFraming, loop);
  }

  /** One socket's writer: its frames wait here until its event loop turns. Written from any thread. */
  static final class Out {

    private record Pending(Frame frame, Runnable written) {
    }

    private final Channel channel;
    /** Where the socket's bytes enter the pipeline: before the frame encoder, as they are frames already. */
    private final ChannelHandlerContext encoder;
    private final VoidChannelPromise noPromise;
    private final boolean sockJsFraming;
    private final Loop loop;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    /** Whether the socket is handed to its loop already; cleared by the loop before it takes what is pending. */
    private final AtomicBoolean owed = new AtomicBoolean();
    private volatile boolean closed;

    private Out(Channel channel, boolean sockJsFraming, Loop loop) {
      this.channel = channel;
      this.encoder = channel.pipeline().context(WEBSOCKET_ENCODER);
      // a failed write fails the flush's promise below; no exception should travel the pipeline for it
      this.noPromise = new VoidChannelPromise(channel, false);
      this.sockJsFraming = sockJsFraming;
      this.loop = loop;
    }

    /** Queues a frame; {@code written} runs once it is handed to the kernel, or could not be. */
    void write(Frame frame, Runnable written) {
      if (closed) {
        written.run();
        return;
      }
      pending.offer(new Pending(frame, written));
      if (owed.compareAndSet(false, true)) {
        loop.owe(this);
      }
    }

    /** Nothing more is written (the socket is gone, or closing): what waits is dropped. Called again, it does nothing more. */
    void close() {
      closed = true;
      loop.owe(this);
    }

    /** On the socket's event loop: everything pending, in one flush. */
    private void flush() {
      // cleared first: a frame queued from now on hands the socket to the loop again
      owed.set(false);
      List<Pending> frames = new ArrayList<>();
      for (Pending next = pending.poll(); next != null; next = pending.poll()) {
        frames.add(next);
      }
      if (frames.isEmpty()) {
        return;
      }
      if (closed || !channel.isActive()) {
        frames.forEach(frame -> frame.written().run());
        return;
      }
      int last = frames.size() - 1;
      for (int i = 0; i < last; i++) {
        encoder.write(frames.get(i).frame().webSocket(sockJsFraming).duplicate(), noPromise);
      }
      // the last write completes after every write before it, whether they reached the kernel or failed
      encoder.writeAndFlush(frames.get(last).frame().webSocket(sockJsFraming).duplicate())
        .addListener(f -> frames.forEach(frame -> frame.written().run()));
    }
  }

  /** The sockets of one event loop that are owed frames; it runs once per turn of the loop in which some are. */
  private static final class Loop implements Runnable {

    private final EventLoop eventLoop;
    private final Queue<Out> owed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Loop(EventLoop eventLoop) {
      this.eventLoop = eventLoop;
    }

    void owe(Out out) {
      owed.offer(out);
      if (scheduled.compareAndSet(false, true)) {
        eventLoop.execute(this);
      }
    }

    @Override
    public void run() {
      // cleared first: a socket owed from now on schedules the loop again
      scheduled.set(false);
      for (Out out = owed.poll(); out != null; out = owed.poll()) {
        out.flush();
      }
    }
  }
}
