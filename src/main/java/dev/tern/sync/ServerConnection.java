package dev.tern.sync;

import dev.tern.protocol.MalformedMessageException;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.DefaultExtension;
import org.java_websocket.handshake.ServerHandshake;

/**
 * One WebSocket connection to a tern server, the {@link ServerLink} that {@code tern sync}, {@code
 * tern login} and {@code tern watch} use. Incoming messages queue up and are taken with {@link
 * #receive}; a closed or broken connection surfaces there as a {@link SyncException}.
 */
public final class ServerConnection implements ServerLink {
  /** Frames from the server may be larger than ours, not unboundedly so. */
  private static final int MAX_INCOMING_FRAME = 64 * 1024 * 1024;

  private static final Object CLOSED = new Object();

  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final WebSocketClient socket;
  private volatile String closeReason = "connection closed";

  private ServerConnection(URI uri, Duration pingInterval) {
    this.socket =
        new WebSocketClient(
            uri,
            new Draft_6455(
                List.of(new DefaultExtension()),
                List.of(new org.java_websocket.protocols.Protocol("")),
                MAX_INCOMING_FRAME)) {
          @Override
          public void onOpen(ServerHandshake handshake) {}

          @Override
          public void onMessage(String text) {
            inbox.add(text);
          }

          @Override
          public void onClose(int code, String reason, boolean remote) {
            closeReason =
                reason == null || reason.isBlank()
                    ? "connection closed (" + code + ")"
                    : "connection closed: " + reason;
            inbox.add(CLOSED);
          }

          @Override
          public void onError(Exception e) {
            closeReason = e.getMessage() == null ? e.toString() : e.getMessage();
          }
        };
    // Zero: no pings and no timer thread for them (a one-shot round is bounded by its answer
    // timeout; pings are for connections held open, docs/sync.md "Watch").
    socket.setConnectionLostTimeout(
        pingInterval.isZero() ? 0 : (int) Math.max(1, pingInterval.toSeconds()));
    socket.setTcpNoDelay(true);
  }

  /** Connects; throws {@link SyncException} (unreachable) when the server cannot be reached. */
  public static ServerConnection open(String url, Duration timeout, Duration pingInterval) {
    URI uri = parse(url);
    ServerConnection connection = new ServerConnection(uri, pingInterval);
    boolean open;
    try {
      open = connection.socket.connectBlocking(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException(SyncException.Reason.UNREACHABLE, "interrupted while connecting");
    }
    if (!open) {
      connection.socket.close();
      throw new SyncException(
          SyncException.Reason.UNREACHABLE, "cannot reach " + url + ": " + connection.closeReason);
    }
    return connection;
  }

  /**
   * Opens WebSocket connections with these limits, for the watcher's reconnects. A zero {@code
   * pingInterval} sends no pings.
   */
  public static ServerLink.Opener opener(Duration timeout, Duration pingInterval) {
    return url -> open(url, timeout, pingInterval);
  }

  /** Checks a server URL: ws:// or wss:// with a host. */
  public static URI parse(String url) {
    try {
      URI uri = new URI(url);
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new dev.tern.model.InvalidInputException(
          "not a server URL: '" + url + "' (expected ws://HOST:PORT or wss://HOST:PORT)");
    }
  }

  @Override
  public void send(Message message) {
    String text = MessageCodec.write(message);
    try {
      socket.send(text);
    } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
      throw new SyncException(SyncException.Reason.UNREACHABLE, closeReason);
    }
  }

  @Override
  public Message receive(Duration timeout) {
    Object next;
    try {
      next = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException(SyncException.Reason.UNREACHABLE, "interrupted");
    }
    if (next == null) {
      return null;
    }
    if (next == CLOSED) {
      inbox.add(CLOSED);
      throw new SyncException(SyncException.Reason.UNREACHABLE, closeReason);
    }
    try {
      return MessageCodec.readFromServer((String) next);
    } catch (MalformedMessageException e) {
      throw new SyncException(
          SyncException.Reason.REFUSED,
          "the server sent a message tern cannot read: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
