package dev.tern.server;

import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.Account;
import dev.tern.server.store.ServerStore;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who may talk to the server: admits a new connection while there is room, closes it when no good
 * hello comes in time, and checks the hello (protocol version, token, client id) before the session
 * is welcomed and held for fan-out.
 */
final class HelloGate {
  private final ServerStore store;
  private final ServerSettings settings;
  private final Endpoint endpoint;
  private final FanOut fanOut;
  private final ScheduledExecutorService timers;

  HelloGate(
      ServerStore store,
      ServerSettings settings,
      Endpoint endpoint,
      FanOut fanOut,
      ScheduledExecutorService timers) {
    this.store = store;
    this.settings = settings;
    this.endpoint = endpoint;
    this.fanOut = fanOut;
    this.timers = timers;
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

  /** Answers a message of a session not yet welcomed: only a good hello gets it in. */
  void receive(Session session, Message message) {
    if (message instanceof Message.Hello hello) {
      hello(session, hello);
    } else {
      endpoint.fail(session, ErrorCode.HELLO_REQUIRED, "the first message must be hello");
    }
  }

  private void hello(Session session, Message.Hello hello) {
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
    Optional<Account> account = store.authenticate(hello.token());
    if (account.isEmpty()) {
      endpoint.fail(session, ErrorCode.UNAUTHORIZED, "unknown token");
      return;
    }
    if (hello.clientId().isBlank() || hello.clientId().length() > 200) {
      endpoint.fail(session, ErrorCode.BAD_MESSAGE, "clientId must be 1-200 characters");
      return;
    }
    if (!store.claimClient(hello.clientId(), account.get().user())) {
      endpoint.fail(session, ErrorCode.UNAUTHORIZED, "client id belongs to another user");
      return;
    }
    session.authenticate(account.get(), hello.clientId());
    // Before the welcome goes out: a client sends its first push only after reading it.
    endpoint.authenticated(session);
    fanOut.hold(session, hello.cursor());
    endpoint.send(
        session,
        new Message.Welcome(
            Protocol.PROTOCOL,
            account.get().user(),
            account.get().teams(),
            store.head(),
            store.horizon()));
  }
}
