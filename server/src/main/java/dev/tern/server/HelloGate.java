package dev.tern.server;

import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.Account;
import dev.tern.server.store.ServerStore;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who may talk to the server: admits a new connection while there is room, closes it when no good
 * hello comes in time, and checks the hello (protocol version, token, client id) before the session
 * is welcomed and held for fan-out. Refused hellos slow their address down and are logged in
 * summary ({@link RefusedHellos}). Checking a hello only reads the store, except the first hello of
 * a new client id, which records it: a hello does not wait for a push being written.
 */
final class HelloGate {
  private final ServerStore store;
  private final ServerSettings settings;
  private final Endpoint endpoint;
  private final FanOut fanOut;
  private final ScheduledExecutorService timers;
  private final Executor workers;
  private final LiveAccounts liveAccounts;
  private final RefusedHellos refused;

  HelloGate(
      ServerStore store,
      ServerSettings settings,
      Endpoint endpoint,
      FanOut fanOut,
      LiveAccounts liveAccounts,
      ScheduledExecutorService timers,
      Executor workers) {
    this.store = store;
    this.settings = settings;
    this.endpoint = endpoint;
    this.fanOut = fanOut;
    this.liveAccounts = liveAccounts;
    this.timers = timers;
    this.workers = workers;
    this.refused = new RefusedHellos(endpoint);
  }

  /**
   * Takes a new connection in and gives it until the hello deadline. (The connection cap is
   * enforced earlier, when the connection is accepted: see Endpoint.)
   */
  void admit(Session session) {
    timers.schedule(
        () -> {
          if (!session.authenticated() && session.connection.isOpen()) {
            endpoint.fail(
                session,
                ErrorCode.HELLO_TIMEOUT,
                "no hello within " + settings.helloTimeout().toMillis() + " ms");
          }
        },
        settings.helloTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Answers a message of a session not yet welcomed: only a good hello gets it in. A hello from an
   * address with recent refusals is checked only after its wait (see {@link RefusedHellos}); the
   * returned stage completes when it has been answered, so the connection's next message waits.
   */
  CompletableFuture<Void> receive(Session session, Message message) {
    if (!(message instanceof Message.Hello hello)) {
      endpoint.fail(session, ErrorCode.HELLO_REQUIRED, "the first message must be hello");
      return CompletableFuture.completedFuture(null);
    }
    long wait = refused.delayFor(remote(session), System.currentTimeMillis());
    if (wait == 0) {
      hello(session, hello);
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> answered = new CompletableFuture<>();
    timers.schedule(
        () ->
            CompletableFuture.runAsync(() -> hello(session, hello), workers)
                .whenComplete((ignored, failure) -> answered.complete(null)),
        wait,
        TimeUnit.MILLISECONDS);
    return answered;
  }

  /** Logs the refused hellos since the last summary; called by a timer. */
  void summarise() {
    refused.summarise(System.currentTimeMillis());
  }

  private void refuse(Session session, String reason) {
    refused.refused(remote(session), reason, System.currentTimeMillis());
    endpoint.refuse(session, ErrorCode.UNAUTHORIZED, reason);
  }

  private static InetSocketAddress remote(Session session) {
    return session.connection.getRemoteSocketAddress();
  }

  private void hello(Session session, Message.Hello hello) {
    if (!session.connection.isOpen()) {
      return;
    }
    if (hello.protocol() != Protocol.PROTOCOL) {
      endpoint.fail(
          session,
          ErrorCode.UPGRADE_REQUIRED,
          "this server speaks sync protocol "
              + Protocol.PROTOCOL
              + " and the client "
              + hello.protocol()
              + ": install the same tern version on both");
      return;
    }
    long accountsSeen = liveAccounts.seen();
    Optional<Account> account = store.authenticate(hello.token());
    if (account.isEmpty()) {
      refuse(session, "unknown token");
      return;
    }
    if (hello.clientId().isBlank() || hello.clientId().length() > 200) {
      endpoint.fail(session, ErrorCode.BAD_MESSAGE, "clientId must be 1-200 characters");
      return;
    }
    if (!store.claimClient(hello.clientId(), account.get().user())) {
      refuse(session, "client id belongs to another user");
      return;
    }
    session.tokenHash = Account.tokenHash(hello.token());
    session.snapshotDue = store.snapshotDue(hello.clientId());
    session.authenticate(account.get(), hello.clientId());
    // Before the welcome goes out: a client sends its first push only after reading it.
    endpoint.authenticated(session);
    fanOut.hold(session, hello.cursor());
    if (liveAccounts.seen() != accountsSeen) {
      // An admin change was applied to the held sessions while this one was not yet held.
      liveAccounts.recheck(session);
      if (!session.connection.isOpen()) {
        return;
      }
    }
    long head = store.head();
    // A client whose user joined a team since it last synced is told that deltas cannot bring it
    // up to date (a horizon above its cursor): it reads a snapshot, which includes the team.
    long horizon = session.snapshotDue ? head + 1 : store.horizon();
    endpoint.send(
        session,
        new Message.Welcome(
            Protocol.PROTOCOL, account.get().user(), session.account().teams(), head, horizon));
  }
}
