package multinode.test;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static multinode.test.ClusterNodes.await;

/** A test client of a node's TCP bridge: length-prefixed JSON frames, as any bridge client sends them. */
public final class TcpClient implements AutoCloseable {

  // held for as long as the socket: Vert.x closes a client that is no longer referenced, and its sockets
  private final NetClient client;
  private final NetSocket socket;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private TcpClient(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    RecordParser parser = RecordParser.newFixed(4);
    boolean[] readingLength = {true};
    parser.handler(chunk -> {
      if (readingLength[0]) {
        readingLength[0] = false;
        parser.fixedSizeMode(chunk.getInt(0));
      } else {
        readingLength[0] = true;
        parser.fixedSizeMode(4);
        received.add(new JsonObject(chunk));
      }
    });
    socket.handler(parser);
    socket.closeHandler(v -> closed = true);
  }

  /** A client of the bridge on another host. */
  public static TcpClient connect(Vertx vertx, String host, int port) {
    NetClient client = vertx.createNetClient();
    return new TcpClient(client, await(client.connect(port, host)));
  }

  public static TcpClient connect(Vertx vertx, int port) {
    return connect(vertx, "127.0.0.1", port);
  }

  /** Sends one frame. */
  public void send(JsonObject frame) {
    raw(frame(frame.encode()));
  }

  /** Sends bytes as they are. */
  public void raw(Buffer bytes) {
    await(socket.write(bytes));
  }

  public static Buffer frame(String json) {
    Buffer body = Buffer.buffer(json);
    return Buffer.buffer().appendInt(body.length()).appendBuffer(body);
  }

  /** Sends the bridge's token ({@code auth}, the first frame a bridge with a token takes) and waits for its answer. */
  public JsonObject authenticate(String token) {
    String replyAddress = UUID.randomUUID().toString();
    send(new JsonObject().put("type", "auth").put("token", token).put("replyAddress", replyAddress));
    return awaitFrame(f -> replyAddress.equals(f.getString("address")) || "err".equals(f.getString("type")),
      "the answer to authenticating");
  }

  public void register(String address) {
    send(new JsonObject().put("type", "register").put("address", address));
  }

  /** Registers with a reply address and waits for the node's answer: once it came, publications reach this client. */
  public JsonObject registerAndWait(String address) {
    String replyAddress = UUID.randomUUID().toString();
    send(new JsonObject().put("type", "register").put("address", address).put("replyAddress", replyAddress));
    return awaitFrame(f -> replyAddress.equals(f.getString("address")), "the answer to registering " + address);
  }

  /** Sends a request and waits for its reply frame ({@code message} or {@code err}). */
  public JsonObject request(String address, Object body) {
    String replyAddress = UUID.randomUUID().toString();
    send(new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", replyAddress));
    return awaitFrame(f -> replyAddress.equals(f.getString("address")), "the reply to " + body);
  }

  public JsonObject awaitFrame(Predicate<JsonObject> match, String what) {
    Poll.until(Duration.ofSeconds(10), what, () -> received.stream().anyMatch(match));
    return received.stream().filter(match).findFirst().orElseThrow();
  }

  /** Every frame received so far that matches. */
  public List<JsonObject> all(Predicate<JsonObject> match) {
    return received.stream().filter(match).toList();
  }

  /** The {@code message} codes of the {@code err} frames received so far, in order. */
  public List<String> errors() {
    return received.stream().filter(f -> "err".equals(f.getString("type"))).map(f -> f.getString("message")).toList();
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      await(socket.close().timeout(2, TimeUnit.SECONDS).otherwiseEmpty());
    }
    await(client.close());
  }
}
