package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
 * messages share one {@code write()}.
 * <p>
 * A socket sent deliveries steadily is written at most once per {@code window}: a delivery owed to a
 * socket that wrote one less than a window ago waits until a window after that write, with whatever else
 * comes for the socket meanwhile, so a room with messages every few milliseconds costs each socket one
 * {@code write()} per window rather than one per message. A delivery to a socket that wrote none for a
 * window, such as the first message after a quiet spell, leaves on the loop's next turn; so does anything
 * that is not a delivery ({@link Frame#mayWait()}): a reply waits for nothing, takes the deliveries queued
 * before it along, and starts no window. One timer per event loop serves every socket that waits.
 * <p>
 * A socket's frames leave in the order they were written, replies and deliveries alike. The frames
 * {@link WebSocketTransport} writes itself (SockJS's open frame, written once the handshake's response is,
 * before the client may send anything; its heartbeats, pongs, the close) keep their own order.
 */
public final class WebSocketWrites {

  /** The name Netty's WebSocket handshake gives the frame encoder in the connection's pipeline. */
  static final String WEBSOCKET_ENCODER = "wsencoder";

  private final Map<EventLoop, Loop> loops = new ConcurrentHashMap<>();
  private final long windowNanos;

  /** For one bridge's sockets, each written at most once per {@code window} while deliveries keep coming. */
  public WebSocketWrites(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /** The writer of a WebSocket channel, past the handshake (its pipeline has the frame encoder). */
  Out out(Channel channel, boolean sockJsFraming) {
    Loop loop = loops.computeIfAbsent(channel.eventLoop(), eventLoop -> new Loop(eventLoop, windowNanos));
    return new Out(channel, sockJsFraming, loop);
  }

  /** One socket's writer: its frames wait here until its event loop turns, or its window passes. Written from any thread. */
  static final class Out {

    private record Pending(Frame frame, Runnable written) {
    }

    private final Channel channel;
    /** Where the socket's bytes enter the pipeline: before the frame encoder, as they are frames already. */
    private final ChannelHandlerContext encoder;
    private final boolean sockJsFraming;
    private final Loop loop;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    /** Whether the socket is handed to its loop already; cleared by the loop before it takes what is pending. */
    private final AtomicBoolean owed = new AtomicBoolean();
    /** Whether something that may not wait is pending: the socket is written on the loop's next turn. */
    private final AtomicBoolean hurried = new AtomicBoolean();
    private volatile boolean closed;
    /** When the socket last wrote a delivery; on its event loop only. */
    private long deliveredAt;
    /** Whether the socket is among its loop's waiting ones; on its event loop only. */
    private boolean inWaiting;

    private Out(Channel channel, boolean sockJsFraming, Loop loop) {
      this.channel = channel;
      this.encoder = channel.pipeline().context(WEBSOCKET_ENCODER);
      this.sockJsFraming = sockJsFraming;
      this.loop = loop;
      this.deliveredAt = loop.eventLoop.ticker().nanoTime() - loop.windowNanos;
    }

    /** Queues a frame; {@code written} runs once it is handed to the kernel, or could not be. */
    void write(Frame frame, Runnable written) {
      if (closed) {
        written.run();
        return;
      }
      pending.offer(new Pending(frame, written));
      // handed to the loop once while it is owed, and once more if something may not wait for a window
      boolean handOver = owed.compareAndSet(false, true);
      if (!frame.mayWait() && hurried.compareAndSet(false, true)) {
        handOver = true;
      }
      if (handOver) {
        loop.owe(this);
      }
    }

    /** Nothing more is written (the socket is gone, or closing): what waits is dropped. Called again, it does nothing more. */
    void close() {
      closed = true;
      hurried.set(true);
      loop.owe(this);
    }

    /** On the socket's event loop: whether what it is owed may wait until a window after its last delivery. */
    private boolean waits(long now) {
      return !hurried.get() && now - deliveredAt < loop.windowNanos;
    }

    /** On the socket's event loop: when it may be written again. */
    private long due() {
      return deliveredAt + loop.windowNanos;
    }

    /** On the socket's event loop: everything pending, in one flush. */
    private void flush(long now) {
      // cleared first: a frame queued from now on hands the socket to the loop again
      owed.set(false);
      hurried.set(false);
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
      for (Pending frame : frames) {
        if (frame.frame().mayWait()) {
          deliveredAt = now;
          break;
        }
      }
      // the write completes once its bytes reached the kernel, or failed
      encoder.writeAndFlush(bytes(frames))
        .addListener(f -> frames.forEach(frame -> frame.written().run()));
    }

    /**
     * The frames' bytes: the one frame's shared bytes, or several frames copied into one buffer, which
     * costs less than one pass of the pipeline and one entry of the socket's outbound buffer per frame.
     */
    private ByteBuf bytes(List<Pending> frames) {
      if (frames.size() == 1) {
        return frames.get(0).frame().webSocket(sockJsFraming).duplicate();
      }
      int size = 0;
      for (Pending frame : frames) {
        size += frame.frame().webSocket(sockJsFraming).readableBytes();
      }
      ByteBuf bytes = channel.alloc().directBuffer(size);
      for (Pending frame : frames) {
        ByteBuf shared = frame.frame().webSocket(sockJsFraming);
        bytes.writeBytes(shared, shared.readerIndex(), shared.readableBytes());
      }
      return bytes;
    }
  }

  /**
   * The sockets of one event loop that are owed frames; it runs once per turn of the loop in which some are
   * handed to it, and once when the first of those that wait is due.
   */
  private static final class Loop implements Runnable {

    private final EventLoop eventLoop;
    private final long windowNanos;
    private final Queue<Out> owed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Sockets written less than a window ago, waiting for it to pass; on the event loop only. */
    private final ArrayDeque<Out> waiting = new ArrayDeque<>();
    /** When the sockets that wait are written; null while none waits. On the event loop only. */
    private ScheduledFuture<?> timer;

    Loop(EventLoop eventLoop, long windowNanos) {
      this.eventLoop = eventLoop;
      this.windowNanos = windowNanos;
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
      long now = eventLoop.ticker().nanoTime();
      for (Out out = owed.poll(); out != null; out = owed.poll()) {
        if (!out.waits(now)) {
          out.flush(now);
        } else if (!out.inWaiting) {
          out.inWaiting = true;
          waiting.add(out);
        }
      }
      awaitFirstDue(now);
    }

    /**
     * The timer: every waiting socket due within a quarter window is written now (those of one room event
     * were written together, and are due together); the others wait on.
     */
    private void writeDue() {
      timer = null;
      long now = eventLoop.ticker().nanoTime();
      for (int i = waiting.size(); i > 0; i--) {
        Out out = waiting.poll();
        if (out.waits(now + windowNanos / 4)) {
          waiting.add(out);
        } else {
          out.inWaiting = false;
          out.flush(now);
        }
      }
      awaitFirstDue(now);
    }

    private void awaitFirstDue(long now) {
      if (timer != null || waiting.isEmpty()) {
        return;
      }
      long first = Long.MAX_VALUE;
      for (Out out : waiting) {
        first = Math.min(first, out.due() - now);
      }
      timer = eventLoop.schedule(this::writeDue, Math.max(0, first), TimeUnit.NANOSECONDS);
    }
  }
}
