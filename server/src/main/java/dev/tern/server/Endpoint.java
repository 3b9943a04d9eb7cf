package dev.tern.server;

import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>The listener never dies of what peers do. It accepts connections itself rather than through
 * the library (which closes the listening socket for good when {@code accept} fails): past the
 * connection cap, which stays below the process's descriptor limit, a connection is closed as soon
 * as it is accepted; when {@code accept} fails anyway (out of descriptors), a spare descriptor is
 * given up to refuse what waits, and accepting pauses with a growing back-off. If the listener
 * stops all the same, {@link #failed()} completes, and {@code tern server} exits non-zero so that a
 * supervisor restarts it.
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

    /** The server closes a connection for this reason (counted in the metrics). */
    default void closedWithError(ErrorCode code) {}
  }

  private final ServerSettings settings;
  private final Handler handler;
  private final HandshakeDeadlines handshakes;
  private final Listener listener;
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();
  private final CompletableFuture<String> failed = new CompletableFuture<>();
  private final ScheduledExecutorService timers;
  private final int connectionCap;

  /** Bytes waiting to be written, over all connections, as last measured. */
  private final AtomicLong queuedTotal = new AtomicLong();

  /** Sessions with bytes waiting when last measured. */
  private final Set<Session> queuing = ConcurrentHashMap.newKeySet();

  /** Connections accepted and not yet closed, upgraded or not. */
  private final AtomicInteger open = new AtomicInteger();

  private volatile boolean stopping;
  private FileChannel spare;
  private long backOffMillis;
  private long refusedSinceLog;
  private long lastRefusalLog;

  Endpoint(ServerSettings settings, Handler handler, ScheduledExecutorService timers) {
    this.settings = settings;
    this.handler = handler;
    this.timers = timers;
    this.connectionCap = connectionCap(settings.maxConnections());
    this.spare = openSpare();
    this.handshakes =
        new HandshakeDeadlines(
            settings.ssl() == null
                ? new DefaultWebSocketServerFactory()
                : new DefaultSSLWebSocketServerFactory(settings.ssl()),
            open::incrementAndGet);
    this.listener = new Listener();
  }

  /**
   * How often the connections with a backlog are looked at for a lost write demand ({@link
   * #rearmLostWrites}): the longest such a frame waits.
   */
  static final long REARM_MILLIS = 50;

  /** How often the bytes waiting for connections with a backlog are measured again. */
  private static final long REMEASURE_MILLIS = 200;

  /**
   * Starts listening and returns once it does, and from then on sweeps unfinished upgrades and
   * tends the connections' queues on the timers. Throws IllegalStateException when it cannot (the
   * port is taken, say) or does not within 10 s.
   */
  void listen() {
    log(
        "accepting at most "
            + connectionCap
            + " connections (configured "
            + settings.maxConnections()
            + ", descriptor limit "
            + descriptorLimit()
            + ")");
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
    long sweepMillis = Math.max(50, settings.handshakeTimeout().toMillis() / 4);
    timers.scheduleWithFixedDelay(
        this::sweepHandshakes, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        this::rearmLostWrites, REARM_MILLIS, REARM_MILLIS, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        this::remeasureQueues, REMEASURE_MILLIS, REMEASURE_MILLIS, TimeUnit.MILLISECONDS);
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
    stopping = true;
    listener.stop(1000, "server shutting down");
  }

  /** Completes, with the reason, if the listener stops without {@link #stop()} being called. */
  CompletableFuture<String> failed() {
    return failed;
  }

  /** The most connections held at once: the setting, kept below the descriptor limit. */
  int connectionCap() {
    return connectionCap;
  }

  // ---- accepting

  /**
   * The cap actually enforced: the setting, but no more than the descriptors the process has left
   * at start, less a reserve for the database, logs and the JVM's own files.
   */
  private static int connectionCap(int configured) {
    long limit = descriptorLimit();
    if (limit <= 0) {
      return configured;
    }
    long left = limit - openDescriptors() - (32 + limit / 10);
    return (int) Math.max(1, Math.min(configured, left));
  }

  private static long descriptorLimit() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return -1;
  }

  private static long openDescriptors() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getOpenFileDescriptorCount();
    }
    return 0;
  }

  /** One descriptor held back, to be given up when accept fails for lack of them. */
  private static FileChannel openSpare() {
    try {
      return FileChannel.open(Path.of("/dev/null"));
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** Called on the selector thread when the listening socket has connections waiting. */
  private void acceptWaiting(SelectionKey key) {
    ServerSocketChannel server = (ServerSocketChannel) key.channel();
    // A batch at a time, so that reads and writes of open connections are not starved.
    for (int taken = 0; taken < 256; taken++) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        shedAndPause(key, server, e);
        return;
      }
      if (channel == null) {
        return;
      }
      backOffMillis = 0;
      if (open.get() >= connectionCap) {
        closeQuietly(channel);
        noteRefused();
        continue;
      }
      try {
        listener.register(key, channel);
      } catch (IOException e) {
        closeQuietly(channel);
      }
    }
  }

  /**
   * Accept failed, most likely for lack of descriptors: give up the spare one to refuse the
   * connections waiting (each would fail again), then stop accepting for a while.
   */
  private void shedAndPause(SelectionKey key, ServerSocketChannel server, IOException failure) {
    closeQuietly(spare);
    spare = null;
    int refused = 0;
    try {
      SocketChannel waiting;
      while (refused < 1024 && (waiting = server.accept()) != null) {
        closeQuietly(waiting);
        refused++;
      }
    } catch (IOException ignored) {
      // Still none free: the pause below gives closing connections time to return some.
    }
    spare = openSpare();
    backOffMillis = Math.min(2000, Math.max(50, backOffMillis * 2));
    log(
        "accept failed ("
            + failure.getMessage()
            + "); refused "
            + refused
            + " waiting connection(s), pausing accepts for "
            + backOffMillis
            + " ms");
    key.interestOps(0);
    timers.schedule(
        () -> {
          if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
            key.selector().wakeup();
          }
        },
        backOffMillis,
        TimeUnit.MILLISECONDS);
  }

  private void noteRefused() {
    refusedSinceLog++;
    long now = System.nanoTime();
    if (now - lastRefusalLog > TimeUnit.SECONDS.toNanos(1)) {
      log(
          "refused "
              + refusedSinceLog
              + " connection(s): "
              + connectionCap
              + " are open, the most this server holds");
      refusedSinceLog = 0;
      lastRefusalLog = now;
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }

  /** Closes connections that did not finish the WebSocket upgrade in time. */
  private void sweepHandshakes() {
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

  /**
   * Queues a text frame, or drops the connection when the bytes already waiting for it, plus these,
   * pass the per-connection limit, or when all connections' waiting bytes pass the total limit and
   * this one is behind too. Every reply counts: acks, deltas, pull and snapshot pages.
   */
  private void sendText(Session session, String text) {
    WebSocket connection = session.connection;
    if (!connection.isOpen()) {
      return;
    }
    synchronized (session.sending) {
      // The frame's UTF-8 size is at least its length in chars: a cheap lower bound.
      if (!admit(session, text.length())) {
        return;
      }
      try {
        connection.send(text);
      } catch (WebsocketNotConnectedException e) {
        // Closed between the check and the send: the peer is gone and has nothing to receive.
        handler.released(session);
      }
      measure(session);
    }
  }

  /**
   * Whether {@code adding} more bytes may be queued for the session; when not, the connection is
   * dropped as too slow a reader (see {@link #sendText}). Holds {@code session.sending}.
   */
  private boolean admit(Session session, long adding) {
    long queued = measure(session);
    boolean overOwn = queued + adding > settings.maxQueuedBytes();
    boolean overTotal = queued > 0 && queuedTotal.get() + adding > settings.maxTotalQueuedBytes();
    if (!overOwn && !overTotal) {
      return true;
    }
    log(
        "dropping "
            + session.describe()
            + ": it reads too slowly ("
            + queued
            + " bytes waiting"
            + (overTotal ? ", " + queuedTotal.get() + " for all connections" : "")
            + ")");
    handler.released(session);
    handler.closedWithError(ErrorCode.OVERLOADED);
    session.connection.close(CloseFrame.TRY_AGAIN_LATER, ErrorCode.OVERLOADED.wireName());
    return false;
  }

  /** A round of frames for several connections, sent with one selector wakeup. */
  Round round() {
    return new Round();
  }

  /**
   * Frames queued to many connections, then written with one wakeup of the selector thread.
   *
   * <p>Java-WebSocket's {@code send} wakes its selector once per frame; a commit fanned out to a
   * hundred watchers would wake it a hundred times, each time for one connection. A round puts each
   * prepared frame straight on its connection's write queue (the same queue {@code send} fills, so
   * frames of one connection stay in order, and the same limits apply) and {@link #flush} asks for
   * every connection's write readiness at once, then wakes the selector once. Not thread-safe: one
   * round belongs to one thread.
   */
  final class Round {
    private final List<WebSocketImpl> written = new ArrayList<>();

    private Round() {}

    /** Queues the frame for the session, or drops the connection when it reads too slowly. */
    void send(Session session, PreparedFrame frame) {
      if (!(session.connection instanceof WebSocketImpl socket) || !socket.isOpen()) {
        return;
      }
      synchronized (session.sending) {
        if (!admit(session, frame.size())) {
          return;
        }
        socket.outQueue.add(frame.bytes());
        measure(session);
      }
      written.add(socket);
    }

    /** Asks the selector to write every connection given a frame, with one wakeup. */
    void flush() {
      Selector selector = null;
      for (WebSocketImpl socket : written) {
        Selector demanded = demandWrite(socket);
        selector = demanded != null ? demanded : selector;
      }
      written.clear();
      if (selector != null) {
        selector.wakeup();
      }
    }
  }

  /**
   * Asks the selector to write the connection, as the library's own write demand does: readable as
   * before, and now writable. Returns the selector to wake, or null when the connection is closed
   * (its queue is dropped: nothing will be written to it).
   */
  private static Selector demandWrite(WebSocketImpl socket) {
    SelectionKey key = socket.getSelectionKey();
    try {
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      return key.selector();
    } catch (CancelledKeyException e) {
      socket.outQueue.clear();
      return null;
    }
  }

  /**
   * Re-measures what waits for every connection with a backlog, so that the total follows
   * connections that drain (or close) without being sent anything more.
   */
  private void remeasureQueues() {
    for (Session session : queuing) {
      synchronized (session.sending) {
        measure(session);
      }
    }
  }

  /**
   * Asks again for writing where the library lost the demand, among the connections with a backlog
   * (a lost frame keeps its connection among them: nothing measures its queue empty).
   *
   * <p>Java-WebSocket's selector thread, once it has written a connection's whole queue, sets the
   * connection's interest back to reading. A frame that another thread queued (and asked writing
   * for) between the selector's last look at the queue and that reset would wait for the next frame
   * to the connection, which for a client waiting on a reply never comes. A queue that is not empty
   * while its connection does not ask to write is that frame: it is asked for again here.
   */
  private void rearmLostWrites() {
    Selector selector = null;
    for (Session session : queuing) {
      if (session.connection instanceof WebSocketImpl socket
          && !socket.outQueue.isEmpty()
          && writeLost(socket)) {
        Selector demanded = demandWrite(socket);
        selector = demanded != null ? demanded : selector;
      }
    }
    if (selector != null) {
      selector.wakeup();
    }
  }

  private static boolean writeLost(WebSocketImpl socket) {
    SelectionKey key = socket.getSelectionKey();
    try {
      return key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0;
    } catch (CancelledKeyException e) {
      return false;
    }
  }

  /** Bytes waiting to be written to the session's connection, folded into the total. */
  private long measure(Session session) {
    long queued = 0;
    if (session.connection instanceof WebSocketImpl socket && session.connection.isOpen()) {
      for (ByteBuffer buffer : socket.outQueue) {
        queued += buffer.remaining();
      }
    }
    queuedTotal.addAndGet(queued - session.queuedBytes);
    session.queuedBytes = queued;
    if (queued > 0) {
      queuing.add(session);
    } else {
      queuing.remove(session);
    }
    return queued;
  }

  /** Sends an error and closes the connection. */
  void fail(Session session, ErrorCode code, String message) {
    refuse(session, code, message);
    log("closed " + session.describe() + ": " + code.wireName() + ": " + message);
  }

  /** Sends an error and closes the connection without a log line (the caller sums them up). */
  void refuse(Session session, ErrorCode code, String message) {
    handler.released(session);
    handler.closedWithError(code);
    send(session, new Message.ErrorMessage(code, message));
    session.connection.close(CloseFrame.POLICY_VALIDATION, code.wireName());
  }

  void log(String line) {
    settings.log().println(LogLine.info(line));
  }

  /** Bytes waiting to be written, over all connections, as last measured. */
  long queuedBytes() {
    return queuedTotal.get();
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
    protected boolean onConnect(SelectionKey key) {
      acceptWaiting(key);
      // The library then calls accept itself and finds nothing waiting (or one connection that
      // came in just now, which it takes).
      return true;
    }

    /** What the library does for an accepted connection, done here so that we accept it. */
    void register(SelectionKey serverKey, SocketChannel channel) throws IOException {
      channel.configureBlocking(false);
      channel.socket().setTcpNoDelay(isTcpNoDelay());
      channel.socket().setKeepAlive(true);
      WebSocketImpl socket = handshakes.createWebSocket(this, getDraft());
      socket.setSelectionKey(channel.register(serverKey.selector(), SelectionKey.OP_READ, socket));
      socket.setChannel(handshakes.wrapChannel(channel, socket.getSelectionKey()));
      try {
        allocateBuffers(socket);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    protected boolean removeConnection(WebSocket connection) {
      open.decrementAndGet();
      return super.removeConnection(connection);
    }

    @Override
    public void run() {
      try {
        super.run();
      } finally {
        if (!stopping) {
          Exception failure = startFailure.get();
          failed.complete(
              "the listener stopped" + (failure == null ? "" : ": " + failure.getMessage()));
        }
      }
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
        if (started.getCount() == 0 && !stopping) {
          failed.complete("the listener failed: " + failure);
        }
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
