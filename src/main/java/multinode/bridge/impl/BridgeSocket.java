package multinode.bridge.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import multinode.Failures;
import multinode.Token;
import multinode.bridge.BridgeFrame;
import multinode.bridge.BridgePermissions;
import multinode.bridge.BridgePermissions.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One client of either bridge: what both protocols do, once. Its transport reads whole frames and writes
 * encoded ones; this reads each frame ({@link BridgeFrame}), asks the policy ({@link BridgePermissions})
 * what its address reaches, keeps the client's registrations and their limit, answers requests and
 * refusals in the protocol's words ({@link Wire}), bounds what waits for the client, and counts.
 * <p>
 * A bridge that asks for a token takes nothing from a client before its {@code auth} frame carries it: any
 * other first frame, or a wrong token, gets {@code err unauthorized} and the connection is dropped.
 * <p>
 * A refused frame gets an {@code err} frame with a snake_case code and the socket stays open. Outbound is
 * bounded: a frame counts as waiting until the transport has handed it to the kernel
 * ({@link Transport#waiting()}); a frame that would put more than {@code maxWaitingChars} waiting is not
 * written, and the client is taken as no longer reading and dropped at once (a polite close would queue
 * behind what it does not read).
 * <p>
 * Frames, registrations and the close run on the socket's context; deliveries may come from any thread
 * and only read what waits.
 */
final class BridgeSocket {

  /** How a socket reaches its client. */
  interface Transport {

    /** Writes one frame; from any thread. */
    void write(Frame frame);

    /**
     * Characters of the frames written that have not reached the kernel yet: what waits for the client.
     * From any thread, the figure of a recent moment.
     */
    long waiting();

    /** Ends the connection at once, without waiting for what is queued. */
    void drop(String reason);

    /** The socket let go of everything: the transport may forget it. */
    default void closed() {
    }

    /** Who the client is, for the log. */
    String remote();
  }

  /** The limits of one bridge. */
  record Limits(int maxFrameBytes, int maxRegistrations, long maxWaitingChars) {
  }

  private static final Logger log = LoggerFactory.getLogger(BridgeSocket.class);

  private final Context context = Vertx.currentContext();
  private final Transport transport;
  private final BridgePermissions permissions;
  private final Limits limits;
  private final Frames frames;
  private final BridgeCounters counters;
  private final Endpoints endpoints;
  /** What an {@code auth} frame must carry; null when the bridge asks for nothing. */
  private final Token token;
  private boolean authenticated;
  private final Map<String, Future<Runnable>> registered = new HashMap<>();
  /** Set once nothing more is written to the client; from any thread. */
  private final AtomicBoolean dropped = new AtomicBoolean();
  private volatile long lastFrame = System.currentTimeMillis();
  private boolean closed;

  /**
   * Opens the socket, on its context; it counts among the bridge's clients until {@link #closed()}.
   *
   * @param token what the client must authenticate with before anything else; null for nothing
   * @param endpoints makes the socket's endpoints, given where their deliveries go
   */
  BridgeSocket(Transport transport, BridgePermissions permissions, Limits limits, Frames frames, BridgeCounters counters,
               Token token, Function<BiConsumer<String, Object>, Endpoints> endpoints) {
    this.transport = transport;
    this.token = token;
    this.authenticated = token == null;
    this.permissions = permissions;
    this.limits = limits;
    this.frames = frames;
    this.counters = counters;
    this.endpoints = endpoints.apply(this::deliver);
    counters.clients.incrementAndGet();
  }

  /** When the client last sent a frame, in epoch milliseconds. */
  long lastFrame() {
    return lastFrame;
  }

  /** One whole frame from the client. */
  void frame(Buffer data) {
    lastFrame = System.currentTimeMillis();
    if (closed) {
      return;
    }
    if (data.length() > limits.maxFrameBytes()) {
      if (authenticated) {
        error("too_large");
      } else {
        unauthorized();
      }
      return;
    }
    BridgeFrame frame;
    try {
      frame = BridgeFrame.parse(data);
    } catch (BridgeFrame.Malformed e) {
      if (authenticated) {
        error(e.code());
      } else {
        unauthorized();
      }
      return;
    }
    if (!authenticated && frame.type() != BridgeFrame.Type.AUTH) {
      unauthorized();
      return;
    }
    String address = frame.address();
    switch (frame.type()) {
      case AUTH -> authenticate(frame);
      case PING -> {
        JsonObject pong = frames.wire().pong();
        if (pong != null) {
          write(pong.encode());
        }
      }
      case REGISTER -> register(address, frame.replyAddress());
      case UNREGISTER -> unregister(address);
      case SEND -> answer(send(permissions.send(address), address, frame, frame.replyAddress() != null), frame.replyAddress());
      case PUBLISH -> answer(send(permissions.publish(address), address, frame, false), null);
    }
  }

  /** Drops a client that has not authenticated by now, if the bridge asks it to. */
  void requireAuthenticated() {
    if (!authenticated && !closed) {
      unauthorized();
    }
  }

  /** An {@code auth} frame: with the right token (or none asked) the client is in, and hears so at its reply address. */
  private void authenticate(BridgeFrame frame) {
    if (token != null && !token.matches(frame.token())) {
      unauthorized();
      return;
    }
    authenticated = true;
    answer(Future.succeededFuture(new JsonObject().put("authenticated", true)), frame.replyAddress());
  }

  /** A client without the bridge's token: told {@code unauthorized}, counted, dropped. */
  private void unauthorized() {
    counters.unauthorized.increment();
    log.debug("bridge client {} dropped: unauthorized", transport.remote());
    fail("unauthorized");
  }

  /** Refuses a frame: an {@code err} frame with its code, counted (as every refused request is). */
  void error(String code) {
    counters.rejected.increment();
    write(frames.wire().error(code).encode());
  }

  /** A refusal after which the stream cannot be read on: tells the client, then drops it. */
  void fail(String code) {
    error(code);
    transport.drop(code);
    closed();
  }

  /** The connection ended or was dropped: lets go of the registrations and endpoints, once. */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    dropped.set(true);
    counters.clients.decrementAndGet();
    registered.values().forEach(registration -> registration.onSuccess(Runnable::run));
    registered.clear();
    endpoints.close();
    transport.closed();
  }

  /**
   * With a reply address (an addition to the stock protocols) the client hears when the registration is in
   * place, across the cluster, so that what is published after reaches it.
   */
  private void register(String address, String replyAddress) {
    Access access = permissions.register(address);
    Future<Runnable> registration = registered.get(address);
    if (access == Access.DENIED) {
      registration = Future.failedFuture(Failures.badRequest("access_denied"));
    } else if (registration == null && registered.size() >= limits.maxRegistrations()) {
      registration = Future.failedFuture(Failures.badRequest("max_handlers_reached"));
    } else if (registration == null) {
      Future<Runnable> registering = endpoints.register(access, address);
      registered.put(address, registering);
      registering.onFailure(e -> registered.remove(address, registering));
      registration = registering;
    }
    answer(registration.map(r -> new JsonObject().put("registered", address)), replyAddress);
  }

  private void unregister(String address) {
    Future<Runnable> registration = registered.remove(address);
    if (registration == null) {
      error("not_registered");
    } else {
      registration.onSuccess(Runnable::run);
    }
  }

  private Future<?> send(Access access, String address, BridgeFrame frame, boolean wantsReply) {
    return access == Access.DENIED ? Future.failedFuture(Failures.badRequest("access_denied"))
      : endpoints.send(access, address, frame.json().getValue("body"), wantsReply);
  }

  /** The result to the reply address as a message or a failure; without one, only a failure, as an {@code err}. */
  private void answer(Future<?> result, String replyAddress) {
    result.onComplete(ar -> {
      if (ar.succeeded() && replyAddress != null) {
        Object body = ar.result() == null ? new JsonObject().put("ok", true) : ar.result();
        write(frames.wire().message(replyAddress, body, true).encode());
      } else if (ar.failed() && replyAddress != null) {
        counters.rejected.increment();
        int failureCode = ar.cause() instanceof ReplyException e ? e.failureCode() : -1;
        write(frames.wire().failure(replyAddress, failureCode, Failures.code(ar.cause())).encode());
      } else if (ar.failed()) {
        error(Failures.code(ar.cause()));
      }
    });
  }

  /** An event for an address the client registered; from any thread. */
  private void deliver(String address, Object body) {
    write(frames.delivery(address, body));
  }

  private void write(String frame) {
    write(new Frame(frame));
  }

  private void write(Frame frame) {
    if (dropped.get()) {
      return;
    }
    if (transport.waiting() + frame.text().length() > limits.maxWaitingChars()) {
      slowConsumer();
      return;
    }
    transport.write(frame);
  }

  private void slowConsumer() {
    if (!dropped.compareAndSet(false, true)) {
      return;
    }
    counters.slowConsumers.increment();
    log.info("bridge client {} closed: slow_consumer (over {} characters wait for it and it does not read)",
      transport.remote(), limits.maxWaitingChars());
    transport.drop("slow_consumer");
    context.runOnContext(v -> closed());
  }
}
