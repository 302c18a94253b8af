package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How one bridge's WebSocket clients get their frames: straight into each connection's Netty channel,
 * on its event loop, with each socket flushed once per turn of that loop however many frames it is owed.
 * <p>
 * A room event goes to every socket of the room from the chat's thread. Through Vert.x, each of those
 * writes is a frame encoded for that socket, a promise, a task handed to the socket's event loop and a
 * flush, so one message to a thousand sockets costs a thousand of each. Here the frame's bytes are
 * encoded once ({@link Frame#webSocket}), the frames written to all the sockets of one event loop go
 * into one queue, which the loop empties once per turn (frames written on the loop itself are taken at
 * once), and every frame a socket is owed by then leaves in one flush: under load several messages share
 * one {@code write()}. What a socket keeps of its frames, and of when it wrote, is kept on its event loop,
 * so the thread that writes a room event to a thousand sockets does no atomic operation on any of them.
 * How many characters wait for a socket's client is kept there too, and read from any thread
 * ({@link Out#waiting()}): no callback per frame, no count shared between threads.
 * <p>
 * On Linux's epoll, a flush is one {@code send()} of the socket's bytes straight from the shared buffer,
 * past Netty's pipeline, outbound buffer and promise, which cost a one-message fan-out about 30 % of its
 * user-space CPU. Netty still writes whatever the kernel does not take at once, when the socket can take
 * more, and everything the socket is written while Netty holds some of its bytes, so that bytes leave in
 * the order written; and every byte of a connection with a handler that changes bytes on their way out
 * (TLS).
 * <p>
 * A socket sent deliveries steadily is written at most once per {@code window}. While a socket's
 * deliveries come more often than every half window (more than 20 a second for a window of 100 ms), as
 * the last write found them, a delivery owed to a socket that wrote one less than a window ago waits until a
 * window after that write, with whatever else comes for the socket meanwhile: a room with a message
 * every 10 ms costs each socket one {@code write()} per window rather than one per message. A socket sent
 * fewer is written on its loop's next turn, as is the first delivery after a quiet window: at low rates
 * nothing waits. Nor does anything that is not a delivery ({@link Frame#isDelivery()}): a reply takes the
 * deliveries queued before it along and starts no window. Nor does a window that holds
 * {@code maxHeldChars} characters of deliveries: a room flooded with long messages is written as soon as
 * that much is owed, so that a window never holds much of what a client may be owed before it is dropped
 * as a slow consumer. One timer per event loop serves every socket that waits.
 * <p>
 * A socket's frames leave in the order they were written, replies and deliveries alike. The frames
 * {@link WebSocketTransport} writes itself (SockJS's open frame, written once the handshake's response is,
 * before the client may send anything; its heartbeats, pongs, the close) keep their own order.
 */
public final class WebSocketWrites {

  private static final Logger log = LoggerFactory.getLogger(WebSocketWrites.class);

  /** The name Netty's WebSocket handshake gives the frame encoder in the connection's pipeline. */
  static final String WEBSOCKET_ENCODER = "wsencoder";

  /** The most frames one turn of a loop takes; the rest wait for its next turn, after the loop's other work. */
  static final int MAX_TAKEN_PER_TURN = 65_536;

  /** The longest list of frames after the first a socket keeps for its next flush. */
  private static final int KEPT_MORE = 16;

  private final Map<EventLoop, Loop> loops = new ConcurrentHashMap<>();
  private final long windowNanos;
  private final int maxHeldChars;

  /**
   * For one bridge's sockets, each written at most once per {@code window} while deliveries keep coming,
   * and at once when its window holds {@code maxHeldChars} characters of them.
   */
  public WebSocketWrites(Duration window, int maxHeldChars) {
    this.windowNanos = window.toNanos();
    this.maxHeldChars = maxHeldChars;
  }

  /** The writer of a WebSocket channel, past the handshake (its pipeline has the frame encoder). */
  Out out(Channel channel, boolean sockJsFraming) {
    Loop loop = loops.computeIfAbsent(channel.eventLoop(), eventLoop -> new Loop(eventLoop, windowNanos, maxHeldChars));
    return new Out(channel, sockJsFraming, loop);
  }

  /** A frame in its socket's event loop's queue, or (no frame) the socket's close. */
  private record Handed(Out out, Frame frame) {
  }

  /**
   * One socket's writer: what it is written goes to its event loop's queue, and waits there and then here
   * until the loop turns, or the socket's window passes. Written from any thread; everything but
   * {@link #closed} is written on the socket's event loop only, so that a delivery costs the writing thread
   * no atomic operation on the socket, and {@link #waiting()} is the one figure other threads read.
   */
  static final class Out {

    private static final VarHandle WAITING;

    static {
      try {
        WAITING = MethodHandles.lookup().findVarHandle(Out.class, "waiting", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Channel channel;
    /** Where the socket's bytes enter the pipeline: before the frame encoder, as they are frames already. */
    private final ChannelHandlerContext encoder;
    /**
     * The connection's socket, where its bytes may go to the kernel without Netty's write path: on epoll,
     * when no handler before the encoder changes bytes on their way out (TLS would); else null.
     */
    private final Socket socket;
    private final boolean sockJsFraming;
    private final Loop loop;
    /** Set by {@link #close()}: what is written from then on is dropped at once. */
    private volatile boolean closed;
    /**
     * The frames taken from the loop's queue and not written yet, in order: the first, and those after it
     * (a list made with the second, kept for the next flush); null while there are none.
     */
    private Frame first;
    private List<Frame> more;
    /**
     * Characters of the frames pending (with {@code maxHeldChars} of them, the socket is hurried: what is
     * not a delivery hurries it anyway), and of those Netty holds: what waits for the client.
     */
    private long pendingChars;
    private long nettyChars;
    /**
     * {@code pendingChars + nettyChars}, written on the loop only and read from any thread
     * ({@link #waiting()}): the figure a writer bounds the socket with.
     */
    @SuppressWarnings("unused") // through WAITING
    private long waiting;
    /** How many of the frames pending are deliveries, and when the last of them was made. */
    private int heldDeliveries;
    private long newestMadeAt;
    /** Whether something that may not wait is pending: the socket is written at the end of the loop's turn. */
    private boolean hurried;
    /** Whether the socket is among those its loop writes, or sets waiting, at the end of this turn. */
    private boolean owed;
    /** When the socket last wrote a delivery, on the loop's clock (read only once it wrote two). */
    private long deliveredAt;
    /** When the last delivery it wrote was made ({@link Frame#madeAt()}). */
    private long lastMadeAt;
    /**
     * The mean time between the deliveries of its last write and the one before it, as they were made
     * (unknown before its second write: as if the socket were quiet).
     */
    private long gapNanos = Long.MAX_VALUE;
    private boolean wroteDelivery;
    /** Whether the socket is among its loop's waiting ones. */
    private boolean inWaiting;

    private Out(Channel channel, boolean sockJsFraming, Loop loop) {
      this.channel = channel;
      this.encoder = channel.pipeline().context(WEBSOCKET_ENCODER);
      this.socket = channel instanceof EpollSocketChannel epoll && epoll.fd() instanceof Socket fd
        && nothingOnTheWayOut(channel.pipeline()) ? fd : null;
      this.sockJsFraming = sockJsFraming;
      this.loop = loop;
    }

    /** Whether every handler between the pipeline's head and the frame encoder handles only what comes in. */
    private static boolean nothingOnTheWayOut(ChannelPipeline pipeline) {
      for (Map.Entry<String, ChannelHandler> handler : pipeline) {
        if (handler.getKey().equals(WEBSOCKET_ENCODER)) {
          return true;
        }
        if (handler.getValue() instanceof ChannelOutboundHandler) {
          return false;
        }
      }
      return false;
    }

    /** Queues a frame; from any thread. A frame written once the socket is closed is dropped. */
    void write(Frame frame) {
      if (!closed) {
        loop.hand(this, frame);
      }
    }

    /**
     * Characters of the frames its loop has taken that have not reached the kernel: pending, or held by
     * Netty until the socket can take more. From any thread: the figure of a recent moment (frames on
     * their way to the loop are not in it yet). None once the socket is closed.
     */
    long waiting() {
      return (long) WAITING.getOpaque(this);
    }

    /** Nothing more is written (the socket is gone, or closing): what waits is dropped. Called again, it does nothing more. */
    void close() {
      if (!closed) {
        closed = true;
        loop.hand(this, null);
      }
    }

    /** On the socket's event loop: a frame handed to it, pending from now on, or (null) its close. */
    private void take(Frame frame) {
      if (closed) {
        // nothing is written any more: the close lets go of what was pending, a frame is dropped at once
        if (frame == null) {
          first = null;
          more = null;
          pendingChars = 0;
          nettyChars = 0;
          publishWaiting();
        }
        return;
      }
      if (first == null) {
        first = frame;
      } else {
        if (more == null) {
          more = new ArrayList<>(4);
        }
        more.add(frame);
      }
      pendingChars += frame.text().length();
      publishWaiting();
      if (frame.isDelivery()) {
        heldDeliveries++;
        newestMadeAt = frame.madeAt();
      }
      // what is not a delivery may not wait, nor a window that holds enough
      if (!frame.isDelivery() || pendingChars >= loop.maxHeldChars) {
        hurried = true;
      }
      if (!owed) {
        owed = true;
        loop.owed.add(this);
      }
    }

    /** Writes {@link #waiting}, for other threads to read; a plain store on x86. */
    private void publishWaiting() {
      WAITING.setRelease(this, pendingChars + nettyChars);
    }

    /**
     * On the socket's event loop: whether what it is owed may wait until a window after its last delivery:
     * its deliveries come more often than every half window, and nothing owed is other than a delivery.
     */
    private boolean waits(long now) {
      return !hurried && gapNanos < loop.windowNanos / 2 && now - deliveredAt < loop.windowNanos;
    }

    /** On the socket's event loop: when it may be written again. */
    private long due() {
      return deliveredAt + loop.windowNanos;
    }

    /** On the socket's event loop: everything pending, in one flush. */
    private void flush(long now) {
      Frame frame = first;
      int deliveries = heldDeliveries;
      long chars = pendingChars;
      first = null;
      pendingChars = 0;
      heldDeliveries = 0;
      hurried = false;
      if (frame == null) {
        return;
      }
      boolean shared = more == null || more.isEmpty();
      // one frame's bytes are the ones all its sockets share; several are copied into one buffer of the socket's own
      ByteBuf bytes = closed || !channel.isActive() ? null : shared ? frame.webSocket(sockJsFraming) : joined(frame, more);
      forgetMore();
      if (bytes == null) {
        publishWaiting();
        return;
      }
      delivered(deliveries, newestMadeAt, now);
      send(bytes, shared, chars);
    }

    /** Lets go of the frames after the first: their list is kept for the next flush, unless a burst made it long. */
    private void forgetMore() {
      if (more == null) {
        return;
      }
      if (more.size() > KEPT_MORE) {
        more = null;
      } else {
        more.clear();
      }
    }

    /**
     * The bytes of {@code chars} characters of frames to the kernel; what it does not take now is Netty's to
     * write once the socket can take more, and waits until the last of its bytes reached the kernel, or failed.
     */
    private void send(ByteBuf bytes, boolean shared, long chars) {
      int sent = sendNow(bytes);
      if (sent == bytes.readableBytes()) {
        if (!shared) {
          bytes.release();
        }
        publishWaiting();
        return;
      }
      nettyChars += chars;
      publishWaiting();
      ByteBuf rest = shared ? bytes.duplicate() : bytes;
      encoder.writeAndFlush(rest.skipBytes(sent)).addListener(f -> {
        if (!closed) {
          nettyChars -= chars;
          publishWaiting();
        }
      });
    }

    /**
     * Hands the bytes to the kernel at once, if the socket allows it and none of its bytes wait in Netty's
     * outbound buffer (they would leave first): how many the kernel took, none when it is full. A send
     * that fails is left to the pipeline's write, which fails the same way and closes the connection.
     */
    private int sendNow(ByteBuf bytes) {
      if (socket == null || !bytes.hasMemoryAddress()) {
        return 0;
      }
      ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
      if (queued == null || queued.totalPendingWriteBytes() > 0) {
        return 0;
      }
      try {
        return socket.sendAddress(bytes.memoryAddress(), bytes.readerIndex(), bytes.writerIndex());
      } catch (IOException e) {
        return 0;
      }
    }

    /** Notes when the {@code deliveries} written now were made, the last at {@code newest}: how busy the socket is. */
    private void delivered(int deliveries, long newest, long now) {
      if (deliveries == 0) {
        return;
      }
      gapNanos = wroteDelivery ? (newest - lastMadeAt) / deliveries : Long.MAX_VALUE;
      lastMadeAt = newest;
      wroteDelivery = true;
      deliveredAt = now;
    }

    /** Several frames' bytes copied into one buffer of the socket's own: one {@code send()} for them all. */
    private ByteBuf joined(Frame first, List<Frame> more) {
      int size = first.webSocket(sockJsFraming).readableBytes();
      for (Frame frame : more) {
        size += frame.webSocket(sockJsFraming).readableBytes();
      }
      ByteBuf bytes = channel.alloc().directBuffer(size);
      append(bytes, first);
      for (Frame frame : more) {
        append(bytes, frame);
      }
      return bytes;
    }

    private void append(ByteBuf bytes, Frame frame) {
      ByteBuf shared = frame.webSocket(sockJsFraming);
      bytes.writeBytes(shared, shared.readerIndex(), shared.readableBytes());
    }

  }

  /**
   * One event loop's sockets: the frames written to any of them, in one queue in the order written, taken
   * once per turn of the loop in which some are written; then each socket owed frames is written, or waits
   * for its window, and the first of those that wait is written by a timer when it is due.
   */
  private static final class Loop implements Runnable {

    private final EventLoop eventLoop;
    private final long windowNanos;
    private final int maxHeldChars;
    private final Queue<Handed> handed = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Sockets that took frames in this turn; on the event loop only. */
    private final List<Out> owed = new ArrayList<>();
    /** Sockets written less than a window ago, waiting for it to pass; on the event loop only. */
    private final ArrayDeque<Out> waiting = new ArrayDeque<>();
    /** When the sockets that wait are written; null while none waits. On the event loop only. */
    private ScheduledFuture<?> timer;
    /** Whether the loop is taking frames or writing sockets, which a frame written meanwhile must not disturb. */
    private boolean running;

    Loop(EventLoop eventLoop, long windowNanos, int maxHeldChars) {
      this.eventLoop = eventLoop;
      this.windowNanos = windowNanos;
      this.maxHeldChars = maxHeldChars;
    }

    /** A frame for {@code out}, or (null) its close. */
    void hand(Out out, Frame frame) {
      if (eventLoop.inEventLoop() && !running && handed.isEmpty()) {
        // written on the loop itself with nothing before it from elsewhere: taken now, written at the end of the turn
        out.take(frame);
      } else {
        handed.offer(new Handed(out, frame));
      }
      if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
        eventLoop.execute(this);
      }
    }

    @Override
    public void run() {
      // cleared first: a frame written from now on schedules the loop again
      scheduled.set(false);
      running = true;
      Handed next;
      for (int taken = 0; taken < MAX_TAKEN_PER_TURN && (next = handed.poll()) != null; taken++) {
        next.out().take(next.frame());
      }
      long now = eventLoop.ticker().nanoTime();
      for (Out out : owed) {
        out.owed = false;
        if (!out.waits(now)) {
          flush(out, now);
        } else if (!out.inWaiting) {
          out.inWaiting = true;
          waiting.add(out);
        }
      }
      owed.clear();
      running = false;
      if (!handed.isEmpty() && scheduled.compareAndSet(false, true)) {
        // more than a turn's worth: the rest after the loop's other work
        eventLoop.execute(this);
      }
      awaitFirstDue(now);
    }

    /**
     * The timer: every waiting socket due within a quarter window is written now (those of one room event
     * were written together, and are due together); the others wait on.
     */
    private void writeDue() {
      timer = null;
      running = true;
      long now = eventLoop.ticker().nanoTime();
      for (int i = waiting.size(); i > 0; i--) {
        Out out = waiting.poll();
        if (out.waits(now + windowNanos / 4)) {
          waiting.add(out);
        } else {
          out.inWaiting = false;
          flush(out, now);
        }
      }
      running = false;
      awaitFirstDue(now);
    }

    /** One socket's flush; a socket that fails it leaves the others of the loop, and the timer, as they were. */
    private static void flush(Out out, long now) {
      try {
        out.flush(now);
      } catch (RuntimeException e) {
        log.warn("a WebSocket's frames could not be written: {}", e.toString());
      }
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
