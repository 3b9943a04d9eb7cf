package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.MalformedMessageException;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare protocol client on the JDK's WebSocket, for tests: sends frames, collects answers. */
final class RawClient implements WebSocket.Listener {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();

  /** Length of every message received, in order. */
  final List<Integer> receivedLengths = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The close code the server sent, or -1 when the connection broke without one. */
  final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private WebSocket socket;

  static RawClient connect(int port) throws Exception {
    RawClient client = new RawClient();
    client.socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), client)
            .get(5, TimeUnit.SECONDS);
    return client;
  }

  /** Connects and says hello; returns the welcome. */
  static RawClient signedIn(int port, String token, String clientId) throws Exception {
    RawClient client = connect(port);
    client.send(new Message.Hello(Protocol.PROTOCOL, token, clientId, 0));
    client.next(Message.Welcome.class);
    return client;
  }

  void send(Message message) throws Exception {
    sendRaw(MessageCodec.write(message));
  }

  void sendRaw(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  /** Sends a frame the server may cut off half-way; a failure to finish it is expected. */
  void socketSendIgnoringFailure(String text) {
    socket.sendText(text, true);
  }

  /** The next message from the server, whatever it is. */
  Message next() throws Exception {
    String text = received.poll(5, TimeUnit.SECONDS);
    assertThat(text).as("a message from the server within 5 s").isNotNull();
    try {
      return MessageCodec.readFromServer(text);
    } catch (MalformedMessageException e) {
      throw new AssertionError("server sent a malformed message: " + text, e);
    }
  }

  /** The next message of this type, skipping server-initiated deltas; fails on anything else. */
  <T extends Message> T next(Class<T> type) throws Exception {
    while (true) {
      Message message = next();
      if (type.isInstance(message)) {
        return type.cast(message);
      }
      if (!(message instanceof Message.Delta)) {
        throw new AssertionError("expected " + type.getSimpleName() + " but got " + message);
      }
    }
  }

  /** Waits for the connection to close and returns the close code. */
  int closeCode() throws Exception {
    return closed.get(5, TimeUnit.SECONDS);
  }

  void close() {
    socket.abort();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(partial.toString());
      receivedLengths.add(partial.length());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }
}
