package dev.tern.server;

import dev.tern.server.store.Account;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;

/**
 * One connection's state: who it is once its hello was accepted, and its lane, which handles the
 * connection's messages one after another, in the order they came, on a shared pool.
 */
final class Session {
  final WebSocket connection;
  private volatile Account account;
  private volatile String clientId;
  private CompletableFuture<Void> lane = CompletableFuture.completedFuture(null);
  private int pending;

  /**
   * Delivery bookkeeping for server-initiated deltas, guarded by this session's monitor. {@code
   * inSync}: every entry this user may see, up to what fan-out has reached, has been sent to it.
   * {@code lastSent}: the cursor of the last delta it can have applied in order (its cursor is at
   * least this). See FanOut#deliverPage.
   */
  boolean inSync;

  long lastSent;

  /** Guards sending and {@link #queuedBytes}; see Endpoint#sendText. */
  final Object sending = new Object();

  /** Bytes waiting to be written to this connection when last measured. */
  long queuedBytes;

  /** The hash of the token its hello gave, to notice the token re-issued or its user removed. */
  volatile String tokenHash;

  /**
   * Its user joined a team since its hello: its next pull is answered "snapshot required", so that
   * it receives the team's older issues (cleared when it asks for a snapshot).
   */
  volatile boolean snapshotDue;

  Session(WebSocket connection) {
    this.connection = connection;
  }

  boolean authenticated() {
    return account != null;
  }

  Account account() {
    return account;
  }

  String clientId() {
    return clientId;
  }

  void authenticate(Account newAccount, String newClientId) {
    this.clientId = newClientId;
    this.account = newAccount;
  }

  /** Its user's teams changed while it was connected. */
  void changeAccount(Account newAccount) {
    this.account = newAccount;
  }

  /**
   * Queues a task behind the connection's earlier ones. Returns false, queuing nothing, when {@code
   * limit} tasks already wait: the peer sends faster than it is served.
   */
  synchronized boolean enqueue(
      Supplier<CompletableFuture<Void>> task,
      Executor executor,
      int limit,
      Consumer<Throwable> onFailure) {
    if (pending >= limit) {
      return false;
    }
    pending++;
    lane =
        lane.thenComposeAsync(ignored -> task.get(), executor)
            .handle(
                (ignored, failure) -> {
                  finished();
                  if (failure != null) {
                    onFailure.accept(failure);
                  }
                  return null;
                });
    return true;
  }

  private synchronized void finished() {
    pending--;
  }

  String describe() {
    String who = account == null ? "unauthenticated" : account.user() + "/" + clientId;
    return who + "@" + connection.getRemoteSocketAddress();
  }
}
