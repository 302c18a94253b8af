package multinode.bridge.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * On Linux's epoll, a flush is one {@code send()} of the socket's bytes straight from the shared buffer
 * ({@link SocketSend}), past Netty's pipeline, outbound buffer and promise, which cost a one-message
 * fan-out about 30 % of its user-space CPU. Netty still writes whatever the kernel does not take at
 * once, when the socket can take more, and everything the socket is written while Netty holds some of
 * its bytes, so that bytes leave in the order written; and every byte of a connection with a handler
 * that changes bytes on their way out (TLS).
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
 * as a slow consumer. One timer per event loop serves every socket that waits ({@link EventLoopWrites}).
 * <p>
 * A socket's frames leave in the order they were written, replies and deliveries alike. The frames
 * {@link WebSocketTransport} writes itself (SockJS's open frame, written once the handshake's response is,
 * before the client may send anything; its heartbeats, pongs, the close) keep their own order.
 */
public final class WebSocketWrites {

  /** The name Netty's WebSocket handshake gives the frame encoder in the connection's pipeline. */
  static final String WEBSOCKET_ENCODER = "wsencoder";

  /** The most frames one turn of a loop takes; the rest wait for its next turn, after the loop's other work. */
  static final int MAX_TAKEN_PER_TURN = 65_536;

  /** The longest list of frames after the first a socket keeps for its next flush. */
  private static final int KEPT_MORE = 16;

  private final Map<EventLoop, EventLoopWrites> loops = new ConcurrentHashMap<>();
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
    EventLoopWrites loop = loops.computeIfAbsent(channel.eventLoop(),
      eventLoop -> new EventLoopWrites(eventLoop, windowNanos, maxHeldChars));
    return new Out(channel, sockJsFraming, loop);
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
    /** Where its bytes go: the kernel at once where they may, else Netty's write path. */
    private final SocketSend sends;
    private final boolean sockJsFraming;
    private final EventLoopWrites loop;
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
    boolean owed;
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
    boolean inWaiting;

    private Out(Channel channel, boolean sockJsFraming, EventLoopWrites loop) {
      this.channel = channel;
      this.sends = new SocketSend(channel);
      this.sockJsFraming = sockJsFraming;
      this.loop = loop;
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
    void take(Frame frame) {
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
        loop.owe(this);
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
    boolean waits(long now) {
      return !hurried && gapNanos < loop.windowNanos / 2 && now - deliveredAt < loop.windowNanos;
    }

    /** On the socket's event loop: when it may be written again. */
    long due() {
      return deliveredAt + loop.windowNanos;
    }

    /** On the socket's event loop: everything pending, in one flush. */
    void flush(long now) {
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
      int sent = sends.sendNow(bytes);
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
      sends.write(rest.skipBytes(sent)).addListener(f -> {
        if (!closed) {
          nettyChars -= chars;
          publishWaiting();
        }
      });
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
}
