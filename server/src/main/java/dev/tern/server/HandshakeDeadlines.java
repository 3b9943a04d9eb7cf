package dev.tern.server;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;

/**
 * Closes TCP connections that do not finish the WebSocket upgrade in time. Java-WebSocket has no
 * such limit of its own: a peer sending half an HTTP request would hold its socket forever. This
 * wraps the server's socket factory to learn of every new connection, and {@link #sweep} closes the
 * ones still not open after the deadline.
 */
final class HandshakeDeadlines implements WebSocketServerFactory {
  private final WebSocketServerFactory delegate;
  private final Map<WebSocketImpl, Long> accepted = new ConcurrentHashMap<>();
  private final Runnable onAccepted;

  /** {@code onAccepted} runs for every connection accepted, before its upgrade. */
  HandshakeDeadlines(WebSocketServerFactory delegate, Runnable onAccepted) {
    this.delegate = delegate;
    this.onAccepted = onAccepted;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return track(delegate.createWebSocket(adapter, draft));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return track(delegate.createWebSocket(adapter, drafts));
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    return delegate.wrapChannel(channel, key);
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** Closes connections accepted longer than {@code limit} ago that are still not upgraded. */
  int sweep(Duration limit) {
    long now = System.nanoTime();
    int closed = 0;
    for (Map.Entry<WebSocketImpl, Long> entry : accepted.entrySet()) {
      WebSocketImpl socket = entry.getKey();
      if (socket.getReadyState() != ReadyState.NOT_YET_CONNECTED) {
        accepted.remove(socket);
      } else if (now - entry.getValue() > limit.toNanos()) {
        accepted.remove(socket);
        socket.closeConnection(CloseFrame.NEVER_CONNECTED, "handshake not finished in time");
        closed++;
      }
    }
    return closed;
  }

  private WebSocketImpl track(WebSocketImpl socket) {
    onAccepted.run();
    accepted.put(socket, System.nanoTime());
    return socket;
  }
}
