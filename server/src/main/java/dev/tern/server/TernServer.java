package dev.tern.server;

import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.MalformedMessageException;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.Account;
import dev.tern.server.store.ServerStore;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.extensions.DefaultExtension;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * The sync server's WebSocket endpoint.
 *
 * <p>Threads: Java-WebSocket's selector and decoder threads only hand messages to the connection's
 * {@link Session} lane; lanes run on a shared worker pool (reads: pull, snapshot); every push runs
 * on the single writer thread, which commits, acknowledges and then fans the new entries out.
 * Sending never blocks: a connection whose unsent frames pile up is closed instead.
 */
public final class TernServer extends WebSocketServer {
  private final ServerStore store;
  private final ServerSettings settings;
  private final PushHandler pushHandler;
  private final HandshakeDeadlines handshakes;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(daemon("tern-writer"));

  /**
   * Sends acks and fan-out deltas, in commit order, so that encoding them overlaps the writer's
   * next batch instead of delaying it.
   */
  private final ExecutorService sender = Executors.newSingleThreadExecutor(daemon("tern-sender"));

  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          Math.max(4, Runtime.getRuntime().availableProcessors()), daemon("tern-worker"));
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(daemon("tern-timer"));
  private final Set<Session> held = ConcurrentHashMap.newKeySet();

  /** Held sessions by team key, so fan-out visits only the sessions that may see a page. */
  private final Map<String, Set<Session>> heldByTeam = new ConcurrentHashMap<>();

  /** The last sync id fan-out has started sending (see {@link #fanOutPage}). */
  private volatile long fannedOut;

  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicReference<Exception> startFailure = new AtomicReference<>();

  private TernServer(ServerStore store, ServerSettings settings) {
    super(
        settings.host() == null
            ? new InetSocketAddress(settings.port())
            : new InetSocketAddress(settings.host(), settings.port()),
        List.of(new Draft_6455(List.of(new DefaultExtension()), settings.maxFrameBytes())));
    this.store = store;
    this.fannedOut = store.head();
    this.settings = settings;
    this.pushHandler = new PushHandler(store);
    this.handshakes =
        new HandshakeDeadlines(
            settings.ssl() == null
                ? new DefaultWebSocketServerFactory()
                : new DefaultSSLWebSocketServerFactory(settings.ssl()));
    setWebSocketFactory(handshakes);
    setReuseAddr(true);
    setDaemon(true);
  }

  /**
   * Starts a server on the store and returns once it listens. The caller keeps owning the store:
   * {@link #shutdown()} does not close it. Throws IllegalStateException when it cannot listen.
   */
  public static TernServer start(ServerStore store, ServerSettings settings) {
    TernServer server = new TernServer(store, settings);
    server.start();
    try {
      if (!server.started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the server did not start within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the server", e);
    }
    Exception failure = server.startFailure.get();
    if (failure != null) {
      server.shutdown();
      throw new IllegalStateException(
          "cannot listen on port " + settings.port() + ": " + failure.getMessage(), failure);
    }
    long sweepMillis = Math.max(50, settings.handshakeTimeout().toMillis() / 4);
    server.timers.scheduleWithFixedDelay(
        server::sweepHandshakes, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    return server;
  }

  /** The port it listens on (the real one when started with port 0). */
  public int port() {
    return getPort();
  }

  /** Closes every connection and stops the threads. The store stays open. */
  public void shutdown() {
    try {
      stop(1000, "server shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
    workers.shutdown();
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
      sender.shutdown();
      sender.awaitTermination(5, TimeUnit.SECONDS);
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- WebSocketServer callbacks

  @Override
  public void onStart() {
    setConnectionLostTimeout(60);
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket connection, ClientHandshake handshake) {
    Session session = new Session(connection);
    connection.setAttachment(session);
    if (getConnections().size() > settings.maxConnections()) {
      // Every connection holds buffers and a lane: past the limit, refuse rather than grow.
      connection.close(CloseFrame.TRY_AGAIN_LATER, ErrorCode.OVERLOADED.wireName());
      return;
    }
    timers.schedule(
        () -> {
          if (!session.authenticated() && connection.isOpen()) {
            fail(
                session,
                ErrorCode.HELLO_TIMEOUT,
                "no hello within " + settings.helloTimeout().toMillis() + " ms");
          }
        },
        settings.helloTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void onClose(WebSocket connection, int code, String reason, boolean remote) {
    Session session = connection.getAttachment();
    if (session != null) {
      release(session);
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
    Session session = connection.getAttachment();
    boolean queued =
        session.enqueue(
            () -> handle(session, text),
            workers,
            settings.maxPendingMessages(),
            failure -> {
              log("failed handling a message of " + session.describe() + ": " + failure);
              fail(session, ErrorCode.INTERNAL, "the server failed; try again later");
            });
    if (!queued) {
      fail(session, ErrorCode.OVERLOADED, "too many messages waiting for an answer");
    }
  }

  @Override
  public void onMessage(WebSocket connection, ByteBuffer bytes) {
    fail(connection.getAttachment(), ErrorCode.BAD_MESSAGE, "binary frames are not used");
  }

  // ---- messages

  private CompletableFuture<Void> handle(Session session, String text) {
    if (!session.connection.isOpen()) {
      return done();
    }
    Message message;
    try {
      message = MessageCodec.readFromClient(text);
    } catch (MalformedMessageException e) {
      fail(session, ErrorCode.BAD_MESSAGE, e.getMessage());
      return done();
    }
    if (!session.authenticated()) {
      if (message instanceof Message.Hello hello) {
        hello(session, hello);
      } else {
        fail(session, ErrorCode.HELLO_REQUIRED, "the first message must be hello");
      }
      return done();
    }
    if (message instanceof Message.Push push) {
      return push(session, push);
    }
    if (message instanceof Message.Pull pull) {
      Message.Delta reply = pull(session.account(), pull);
      synchronized (session) {
        send(session, reply);
        if (!reply.snapshotRequired()) {
          session.lastSent = Math.max(session.lastSent, reply.cursor());
          // In sync only if the reply reaches every page fan-out has begun: later pages are then
          // all visited with this session's bookkeeping in place.
          session.inSync = session.lastSent >= fannedOut;
        }
      }
    } else if (message instanceof Message.SnapshotRequest request) {
      snapshot(session, request);
    } else {
      fail(session, ErrorCode.BAD_MESSAGE, "hello was already accepted");
    }
    return done();
  }

  private void hello(Session session, Message.Hello hello) {
    if (hello.protocol() != Protocol.PROTOCOL) {
      fail(
          session,
          ErrorCode.UPGRADE_REQUIRED,
          "this server speaks sync protocol "
              + Protocol.PROTOCOL
              + " and the client "
              + hello.protocol()
              + ": install the same tern version on both");
      return;
    }
    Optional<Account> account = store.authenticate(hello.token());
    if (account.isEmpty()) {
      fail(session, ErrorCode.UNAUTHORIZED, "unknown token");
      return;
    }
    if (hello.clientId().isBlank() || hello.clientId().length() > 200) {
      fail(session, ErrorCode.BAD_MESSAGE, "clientId must be 1-200 characters");
      return;
    }
    if (!store.claimClient(hello.clientId(), account.get().user())) {
      fail(session, ErrorCode.UNAUTHORIZED, "client id belongs to another user");
      return;
    }
    session.authenticate(account.get(), hello.clientId());
    synchronized (session) {
      session.lastSent = Math.max(0, hello.cursor());
      session.inSync = session.lastSent >= fannedOut;
    }
    held.add(session);
    for (String team : account.get().teamKeys()) {
      heldByTeam.computeIfAbsent(team, key -> ConcurrentHashMap.newKeySet()).add(session);
    }
    send(
        session,
        new Message.Welcome(
            Protocol.PROTOCOL,
            account.get().user(),
            account.get().teams(),
            store.head(),
            store.horizon()));
  }

  private CompletableFuture<Void> push(Session session, Message.Push push) {
    if (push.size() > settings.maxBatchOps()) {
      fail(
          session,
          ErrorCode.BATCH_TOO_LARGE,
          "a push carries at most " + settings.maxBatchOps() + " operations, not " + push.size());
      return done();
    }
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    CompletableFuture.runAsync(
            () -> {
              PushHandler.Applied applied =
                  pushHandler.push(
                      session.account(), session.clientId(), push.ops(), push.unreadable());
              // Acknowledged only now that the batch is committed. One sender thread takes the
              // batches in commit order, so every connection gets new entries in sync id order,
              // and encoding them overlaps the writer's next batch.
              sender.execute(
                  () -> {
                    try {
                      send(session, new Message.Ack(applied.results()));
                    } finally {
                      acknowledged.complete(null);
                    }
                    fanOut(applied);
                  });
              compactIfDue();
            },
            writer)
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                acknowledged.completeExceptionally(failure);
              }
            });
    // The connection's next message waits for the ack, so answers keep the order of requests.
    return acknowledged;
  }

  /** A delta page after the pull's cursor, as PRODUCT.md §4 and docs/sync.md describe it. */
  Message.Delta pull(Account account, Message.Pull pull) {
    int limit = pageLimit(pull.limit());
    long cursor = pull.cursor();
    long head = store.head();
    if (cursor < store.horizon() || cursor > head) {
      // Below the horizon the log is gone; above the head the client saw another log (a server
      // restored from an older backup). Either way only a snapshot can bring it back in line.
      return new Message.Delta(List.of(), List.of(), cursor, cursor, head, false, true);
    }
    List<DeltaEntry> entries = store.readLog(account.teamKeys(), cursor, head, limit);
    if (cursor < store.horizon()) {
      // Compacted while we read: the page may have a hole.
      return new Message.Delta(List.of(), List.of(), cursor, cursor, head, false, true);
    }
    int fitting = fittingEntries(entries);
    boolean full = entries.size() == limit || fitting < entries.size();
    entries = entries.subList(0, fitting);
    long pageEnd = full ? entries.get(entries.size() - 1).syncId() : head;
    List<ConflictRecord> conflicts = store.conflicts(account.user(), cursor, pageEnd);
    return new Message.Delta(entries, conflicts, cursor, pageEnd, head, pageEnd < head, false);
  }

  private void snapshot(Session session, Message.SnapshotRequest request) {
    int limit = pageLimit(request.limit());
    SnapshotToken token;
    try {
      token =
          request.after() == null
              ? new SnapshotToken(store.head(), false, "")
              : SnapshotToken.parse(request.after());
    } catch (IllegalArgumentException e) {
      fail(session, ErrorCode.BAD_MESSAGE, e.getMessage());
      return;
    }
    Set<String> teams = session.account().teamKeys();
    List<IssueState> issues = List.of();
    List<CommentState> comments = List.of();
    String next;
    if (!token.comments()) {
      issues = store.issues(teams, token.afterId(), limit);
      int fitting =
          fitting(issues, issue -> 400 + length(issue.title()) + length(issue.description()));
      boolean cut = issues.size() == limit || fitting < issues.size();
      issues = issues.subList(0, fitting);
      next =
          cut
              ? new SnapshotToken(token.at(), false, issues.get(fitting - 1).id()).format()
              : new SnapshotToken(token.at(), true, "").format();
    } else {
      comments = store.comments(teams, token.afterId(), limit);
      int fitting = fitting(comments, comment -> 200 + length(comment.body()));
      boolean cut = comments.size() == limit || fitting < comments.size();
      comments = comments.subList(0, fitting);
      next =
          cut ? new SnapshotToken(token.at(), true, comments.get(fitting - 1).id()).format() : null;
    }
    send(
        session,
        new Message.Snapshot(token.at(), session.account().teams(), issues, comments, next));
  }

  /**
   * Where a snapshot read has got to: the head when it began, the table, the last id sent. The
   * client treats it as opaque.
   */
  private record SnapshotToken(long at, boolean comments, String afterId) {
    String format() {
      return at + ":" + (comments ? "c" : "i") + ":" + afterId;
    }

    static SnapshotToken parse(String text) {
      String[] parts = text.split(":", 3);
      if (parts.length != 3 || !(parts[1].equals("i") || parts[1].equals("c"))) {
        throw new IllegalArgumentException("not a snapshot token: " + text);
      }
      try {
        return new SnapshotToken(Long.parseLong(parts[0]), parts[1].equals("c"), parts[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a snapshot token: " + text, e);
      }
    }
  }

  /**
   * How many of the entries, from the first, fit in one message of about {@link #PAGE_BYTES}
   * (always at least one), so that pages stay near the frame size clients accept.
   */
  static int fittingEntries(List<DeltaEntry> entries) {
    return fitting(entries, TernServer::estimatedBytes);
  }

  private static <T> int fitting(List<T> items, java.util.function.ToLongFunction<T> size) {
    long bytes = 0;
    for (int index = 0; index < items.size(); index++) {
      bytes += size.applyAsLong(items.get(index));
      if (bytes > PAGE_BYTES && index > 0) {
        return index;
      }
    }
    return items.size();
  }

  /** Aim for pages of about this size: half the frame limit, as JSON escapes can grow text. */
  static final long PAGE_BYTES = Protocol.MAX_FRAME_BYTES / 2;

  private static long estimatedBytes(DeltaEntry entry) {
    long bytes = 600;
    for (var change : entry.op().changes().values()) {
      bytes += length(change.value()) + length(change.base());
    }
    if (entry.issue() != null) {
      bytes += length(entry.issue().title()) + length(entry.issue().description());
    }
    if (entry.comment() != null) {
      bytes += length(entry.comment().body());
    }
    return bytes;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }

  /** Sends a committed batch's entries to every held connection whose user may see them. */
  private void fanOut(PushHandler.Applied applied) {
    List<DeltaEntry> remaining = applied.entries();
    while (!remaining.isEmpty()) {
      int fitting = fittingEntries(remaining);
      fanOutPage(remaining.subList(0, fitting), applied.conflicts());
      remaining = remaining.subList(fitting, remaining.size());
    }
  }

  /**
   * Sends one page of newly committed entries to every held connection that may see some of them.
   *
   * <p>A delta says it covers {@code (from, cursor]}, and a client applies it only when {@code
   * from} is not above its cursor. Connections are not sent pages of other teams, so using the
   * page's own start as {@code from} would leave a watcher of a quiet team with an apparent gap
   * after every foreign commit, and send it pulling. Instead a session that is in sync (it has been
   * sent everything visible to it up to where fan-out is) gets a delta starting at the last cursor
   * it was sent, which the client has reached. A session still catching up gets the page's own
   * start and pulls if it must. {@link #fannedOut} moves before any session is visited, so a pull
   * reply racing with this page can only mark its session in sync if it already covers the page.
   */
  private void fanOutPage(List<DeltaEntry> page, List<ConflictRecord> batchConflicts) {
    long first = page.get(0).syncId();
    long last = page.get(page.size() - 1).syncId();
    fannedOut = last;
    Set<Session> audience = new java.util.LinkedHashSet<>();
    for (DeltaEntry entry : page) {
      audience.addAll(heldByTeam.getOrDefault(entry.op().team(), Set.of()));
    }
    Set<String> losers = new java.util.HashSet<>();
    for (ConflictRecord conflict : batchConflicts) {
      if (conflict.syncId() >= first && conflict.syncId() <= last) {
        losers.add(conflict.user());
      }
    }
    if (!losers.isEmpty()) {
      for (Session session : held) {
        if (losers.contains(session.account().user())) {
          audience.add(session);
        }
      }
    }
    // Connections of users with the same teams, the same starting point and no conflict here get
    // the same text: encode it once, not once per connection (a team may have hundreds of
    // watchers).
    Map<List<Object>, Optional<String>> encoded = new HashMap<>();
    for (Session session : audience) {
      Account account = session.account();
      List<ConflictRecord> conflicts = new ArrayList<>();
      if (losers.contains(account.user())) {
        for (ConflictRecord conflict : batchConflicts) {
          boolean inPage = conflict.syncId() >= first && conflict.syncId() <= last;
          if (inPage && conflict.user().equals(account.user())) {
            conflicts.add(conflict);
          }
        }
      }
      synchronized (session) {
        long from = session.inSync ? Math.min(session.lastSent, first - 1) : first - 1;
        String text =
            conflicts.isEmpty()
                ? encoded
                    .computeIfAbsent(
                        List.of(account.teamKeys(), from),
                        key ->
                            Optional.ofNullable(
                                encodeDelta(page, account.teamKeys(), List.of(), from, last)))
                    .orElse(null)
                : encodeDelta(page, account.teamKeys(), conflicts, from, last);
        if (text != null) {
          sendText(session, text);
          if (session.inSync) {
            session.lastSent = Math.max(session.lastSent, last);
          }
        }
      }
    }
  }

  /** Forgets a connection for fan-out. */
  private void release(Session session) {
    held.remove(session);
    if (session.authenticated()) {
      for (String team : session.account().teamKeys()) {
        Set<Session> sessions = heldByTeam.get(team);
        if (sessions != null) {
          sessions.remove(session);
        }
      }
    }
  }

  /** The delta of one page for these teams, or null when it would carry nothing. */
  private static String encodeDelta(
      List<DeltaEntry> page,
      Set<String> teams,
      List<ConflictRecord> conflicts,
      long from,
      long last) {
    List<DeltaEntry> visible = new ArrayList<>();
    for (DeltaEntry entry : page) {
      if (teams.contains(entry.op().team())) {
        visible.add(entry);
      }
    }
    if (visible.isEmpty() && conflicts.isEmpty()) {
      return null;
    }
    return MessageCodec.write(
        new Message.Delta(visible, conflicts, from, last, last, false, false));
  }

  private void compactIfDue() {
    long keep = settings.keepOps();
    if (keep > 0) {
      long extra = store.head() - store.horizon() - keep;
      // Compact in steps rather than after every push: each step is one DELETE.
      if (extra >= Math.max(1, keep / 10)) {
        store.compact(keep);
      }
    }
  }

  // ---- sending

  private void send(Session session, Message message) {
    if (session.connection.isOpen()) {
      sendText(session, MessageCodec.write(message));
    }
  }

  private void sendText(Session session, String text) {
    WebSocket connection = session.connection;
    if (!connection.isOpen()) {
      return;
    }
    if (connection instanceof WebSocketImpl socket
        && socket.outQueue.size() >= settings.maxQueuedFrames()) {
      log("dropping " + session.describe() + ": it reads too slowly");
      release(session);
      connection.close(CloseFrame.TRY_AGAIN_LATER, ErrorCode.OVERLOADED.wireName());
      return;
    }
    try {
      connection.send(text);
    } catch (WebsocketNotConnectedException e) {
      // Closed between the check and the send: the peer is gone and has nothing to receive.
      release(session);
    }
  }

  /** Sends an error and closes the connection. */
  private void fail(Session session, ErrorCode code, String message) {
    release(session);
    send(session, new Message.ErrorMessage(code, message));
    session.connection.close(CloseFrame.POLICY_VALIDATION, code.wireName());
    log("closed " + session.describe() + ": " + code.wireName() + ": " + message);
  }

  private void sweepHandshakes() {
    int closed = handshakes.sweep(settings.handshakeTimeout());
    if (closed > 0) {
      log("closed " + closed + " connection(s) that did not finish the upgrade in time");
    }
  }

  private void log(String line) {
    settings.log().println(Instant.now() + " " + line);
  }

  private static int pageLimit(int requested) {
    return requested <= 0 ? Protocol.MAX_PAGE : Math.min(requested, Protocol.MAX_PAGE);
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
