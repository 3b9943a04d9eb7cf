package dev.tern.server;

import dev.tern.model.InvalidInputException;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.MalformedMessageException;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.server.store.ServerStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The sync server: its threads, and what each message leads to. The parts: the WebSocket {@link
 * Endpoint}, the {@link HelloGate} in front of every connection, {@link Paging} for pull and
 * snapshot, {@link PushHandler} for pushes and {@link FanOut} for new entries.
 *
 * <p>Threads: Java-WebSocket's selector and decoder threads only hand messages to the connection's
 * {@link Session} lane; lanes run on a shared worker pool (reads: pull, snapshot); every push runs
 * on the single writer thread, which commits, acknowledges and then fans the new entries out.
 */
public final class TernServer {
  private final ServerStore store;
  private final ServerSettings settings;
  private final PushHandler pushHandler;
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

  private final Endpoint endpoint;
  private final FanOut fanOut;
  private final CommitFollower follower;
  private final HelloGate gate;
  private final LiveAccounts liveAccounts;
  private final Paging paging;
  private final ServerObserver observer;

  private TernServer(ServerStore store, ServerSettings settings, ServerObserver observer) {
    this.store = store;
    this.settings = settings;
    this.observer = observer;
    this.pushHandler = new PushHandler(store);
    this.endpoint = new Endpoint(settings, new ConnectionEvents(), timers);
    this.fanOut = new FanOut(endpoint, store, store.head());
    this.follower = new CommitFollower(store, fanOut, sender, endpoint::log);
    this.liveAccounts = new LiveAccounts(store, fanOut, endpoint);
    this.gate = new HelloGate(store, settings, endpoint, fanOut, liveAccounts, timers, workers);
    this.paging = new Paging(store);
  }

  /**
   * Starts a server on the store and returns once it listens. The caller keeps owning the store:
   * {@link #shutdown()} does not close it. Throws IllegalStateException when it cannot listen.
   */
  public static TernServer start(ServerStore store, ServerSettings settings) {
    return start(store, settings, ServerObserver.NONE);
  }

  /** As {@link #start(ServerStore, ServerSettings)}, reporting its work to {@code observer}. */
  public static TernServer start(
      ServerStore store, ServerSettings settings, ServerObserver observer) {
    TernServer server = new TernServer(store, settings, observer);
    try {
      server.endpoint.listen();
    } catch (IllegalStateException e) {
      server.shutdown();
      throw e;
    }
    server.timers.scheduleWithFixedDelay(server.gate::summarise, 1, 1, TimeUnit.SECONDS);
    server.liveAccounts.start(server.timers);
    server.follower.start();
    return server;
  }

  /** The port it listens on (the real one when started with port 0). */
  public int port() {
    return endpoint.port();
  }

  /** Open WebSocket connections. */
  public int connections() {
    return endpoint.connectionCount();
  }

  /** Bytes waiting to be written to all connections, as last measured. */
  public long queuedBytes() {
    return endpoint.queuedBytes();
  }

  /**
   * Completes, with the reason, if the server stops listening without {@link #shutdown()}: it then
   * serves nothing, and its process should exit non-zero so that a supervisor restarts it.
   */
  public CompletionStage<String> failed() {
    return endpoint.failed();
  }

  /** Closes every connection and stops the threads. The store stays open. */
  public void shutdown() {
    try {
      endpoint.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
    follower.stop();
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

  /** What the endpoint's connections lead to. */
  private final class ConnectionEvents implements Endpoint.Handler {
    @Override
    public void opened(Session session) {
      gate.admit(session);
    }

    @Override
    public void received(Session session, String text) {
      boolean queued =
          session.enqueue(
              () -> handle(session, text),
              workers,
              settings.maxPendingMessages(),
              failure -> {
                endpoint.log("failed handling a message of " + session.describe() + ": " + failure);
                endpoint.fail(session, ErrorCode.INTERNAL, "the server failed; try again later");
              });
      if (!queued) {
        endpoint.fail(session, ErrorCode.OVERLOADED, "too many messages waiting for an answer");
      }
    }

    @Override
    public void released(Session session) {
      fanOut.release(session);
    }

    @Override
    public void closedWithError(ErrorCode code) {
      observer.closedWithError(code);
    }
  }

  // ---- messages, on the connection's lane

  private CompletableFuture<Void> handle(Session session, String text) {
    if (!session.connection.isOpen()) {
      return done();
    }
    Message message;
    try {
      message = MessageCodec.readFromClient(text);
    } catch (MalformedMessageException e) {
      endpoint.fail(session, ErrorCode.BAD_MESSAGE, e.getMessage());
      return done();
    }
    if (!session.authenticated()) {
      return gate.receive(session, message);
    }
    if (message instanceof Message.Push push) {
      return push(session, push);
    }
    if (message instanceof Message.Pull pull) {
      if (session.snapshotDue) {
        // Its user joined a team since: deltas cannot bring it that team's older issues.
        endpoint.send(
            session,
            new Message.Delta(
                List.of(), List.of(), pull.cursor(), pull.cursor(), store.head(), false, true));
      } else {
        fanOut.sendPulled(session, paging.pull(session.account(), pull));
      }
    } else if (message instanceof Message.SnapshotRequest request) {
      if (request.after() == null && session.snapshotDue) {
        session.snapshotDue = false;
        store.clearSnapshotDue(session.clientId());
      }
      String page;
      try {
        page = paging.snapshot(session.account(), request);
      } catch (InvalidInputException e) {
        endpoint.fail(session, ErrorCode.BAD_MESSAGE, e.getMessage());
        return done();
      }
      // As fan-out sends a delta: one frame encoded once, not checked again by the WebSocket
      // library (its send(String) validates the UTF-8 it has just encoded, a tenth of a page's
      // cost on the server).
      Endpoint.Round round = endpoint.round();
      round.send(session, PreparedFrame.text(page));
      round.flush();
    } else {
      endpoint.fail(session, ErrorCode.BAD_MESSAGE, "hello was already accepted");
    }
    return done();
  }

  private CompletableFuture<Void> push(Session session, Message.Push push) {
    if (push.size() > settings.maxBatchOps()) {
      endpoint.fail(
          session,
          ErrorCode.BATCH_TOO_LARGE,
          "a push carries at most " + settings.maxBatchOps() + " operations, not " + push.size());
      return done();
    }
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    long started = System.nanoTime();
    CompletableFuture.runAsync(
            () -> {
              // Acknowledged only once the batch is committed. One sender thread takes the
              // batches in commit order, so every connection gets new entries in sync id order,
              // and encoding them overlaps the writer's next batch. The follower must not queue
              // a read of this batch ahead of it (see CommitFollower).
              follower.committing(
                  () ->
                      pushHandler.push(
                          session.account(), session.clientId(), push.ops(), push.unreadable()),
                  committed ->
                      sender.execute(
                          () -> {
                            try {
                              endpoint.send(session, new Message.Ack(committed.results()));
                            } finally {
                              acknowledged.complete(null);
                            }
                            observer.pushed(committed.results(), System.nanoTime() - started);
                            long fanOutStarted = System.nanoTime();
                            fanOut.deliver(committed);
                            observer.fannedOut(System.nanoTime() - fanOutStarted);
                          }));
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

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
