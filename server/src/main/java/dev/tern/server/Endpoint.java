package dev.tern.server;

import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * The WebSocket endpoint: listens, gives every connection its {@link Session}, passes its text
 * frames on, and sends. It holds Java-WebSocket's server rather than being one; a private subclass
 * only forwards the library's callbacks here.
 *
 * <p>Sending never blocks: a connection whose unsent frames pile up is dropped instead.
 */
final class Endpoint {
  /** What the server does with connections; called on Java-WebSocket's threads. */
  interface Handler {
    /** A connection finished the WebSocket upgrade. */
    void opened(Session session);

    /** A text frame arrived. */
    void received(Session session, String text);

    /** The connection is closed or being dropped: stop delivering to it. May come twice. */
    void released(Session session);
  }

  private final ServerSettings settings;
  private final Handler handler;
  private final HandshakeDeadlines handshakes;
  private final Listener listener;
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();

  Endpoint(ServerSettings settings, Handler handler) {
    this.settings = settings;
    this.handler = handler;
    this.handshakes =
        new HandshakeDeadlines(
            settings.ssl() == null
                ? new DefaultWebSocketServerFactory()
                : new DefaultSSLWebSocketServerFactory(settings.ssl()));
    this.listener = new Listener();
  }

  /**
   * Starts listening and returns once it does. Throws IllegalStateException when it cannot (the
   * port is taken, say) or does not within 10 s.
   */
  void listen() {
    listener.start();
    try {
      if (!started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the server did not start within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the server", e);
    }
    Exception failure = startFailure.get();
    if (failure != null) {
      throw new IllegalStateException(
          "cannot listen on port " + settings.port() + ": " + failure.getMessage(), failure);
    }
  }

  /** The port it listens on (the real one when started with port 0). */
  int port() {
    return listener.getPort();
  }

  int connectionCount() {
    return listener.getConnections().size();
  }

  /** Closes every connection and stops listening. */
  void stop() throws InterruptedException {
    listener.stop(1000, "server shutting down");
  }

  /** Closes connections that did not finish the WebSocket upgrade in time. */
  void sweepHandshakes() {
    int closed = handshakes.sweep(settings.handshakeTimeout());
    if (closed > 0) {
      log("closed " + closed + " connection(s) that did not finish the upgrade in time");
    }
  }

  /** Lets a connection whose hello was accepted send frames up to the full limit. */
  void authenticated(Session session) {
    if (session.connection instanceof WebSocketImpl socket
        && socket.getDraft() instanceof BoundedDraft draft) {
      draft.authenticated();
    }
  }

  // ---- sending

  void send(Session session, Message message) {
    if (session.connection.isOpen()) {
      sendText(session, MessageCodec.write(message));
    }
  }

  void sendText(Session session, String text) {
    WebSocket connection = session.connection;
    if (!connection.isOpen()) {
      return;
    }
    if (connection instanceof WebSocketImpl socket
        && socket.outQueue.size() >= settings.maxQueuedFrames()) {
      log("dropping " + session.describe() + ": it reads too slowly");
      handler.released(session);
      connection.close(CloseFrame.TRY_AGAIN_LATER, ErrorCode.OVERLOADED.wireName());
      return;
    }
    try {
      connection.send(text);
    } catch (WebsocketNotConnectedException e) {
      // Closed between the check and the send: the peer is gone and has nothing to receive.
      handler.released(session);
    }
  }

  /** Sends an error and closes the connection. */
  void fail(Session session, ErrorCode code, String message) {
    handler.released(session);
    send(session, new Message.ErrorMessage(code, message));
    session.connection.close(CloseFrame.POLICY_VALIDATION, code.wireName());
    log("closed " + session.describe() + ": " + code.wireName() + ": " + message);
  }

  void log(String line) {
    settings.log().println(Instant.now() + " " + line);
  }

  /** Java-WebSocket's server, forwarding its callbacks to the endpoint. */
  private final class Listener extends WebSocketServer {
    Listener() {
      super(
          settings.host() == null
              ? new InetSocketAddress(settings.port())
              : new InetSocketAddress(settings.host(), settings.port()),
          List.of(new BoundedDraft(settings.maxHelloBytes(), settings.maxFrameBytes())));
      setWebSocketFactory(handshakes);
      setReuseAddr(true);
      setDaemon(true);
    }

    @Override
    public void onStart() {
      setConnectionLostTimeout(60);
      started.countDown();
    }

    @Override
    public void onOpen(WebSocket connection, ClientHandshake handshake) {
      Session session = new Session(connection);
      connection.setAttachment(session);
      handler.opened(session);
    }

    @Override
    public void onClose(WebSocket connection, int code, String reason, boolean remote) {
      Session session = connection.getAttachment();
      if (session != null) {
        handler.released(session);
      }
    }

    @Override
    public void onError(WebSocket connection, Exception failure) {
      if (connection == null) {
        // The server socket itself failed (for example, the port is taken).
        startFailure.compareAndSet(null, failure);
        started.countDown();
        log("server error: " + failure.getMessage());
        return;
      }
      Session session = connection.getAttachment();
      log(
          "connection error ("
              + (session == null ? connection.getRemoteSocketAddress() : session.describe())
              + "): "
              + failure);
    }

    @Override
    public void onMessage(WebSocket connection, String text) {
      handler.received(connection.getAttachment(), text);
    }

    @Override
    public void onMessage(WebSocket connection, ByteBuffer bytes) {
      fail(connection.getAttachment(), ErrorCode.BAD_MESSAGE, "binary frames are not used");
    }
  }
}
