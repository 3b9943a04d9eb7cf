package dev.tern.server;

import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.server.store.Account;
import dev.tern.server.store.ServerStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings administration done while the server runs ({@code tern server user|team ...}, from any
 * process) to the connections it holds, within {@link #POLL_MILLIS} plus one read: the store keeps
 * a counter that every change of a user, token or membership moves, and this polls it.
 *
 * <p>On a change each held connection is checked against its token's account as it is now: a token
 * re-issued or a user removed closes the connection; a team left stops its entries at once (pushes
 * to it are refused, pulls and fan-out no longer carry it); a team joined makes the connection's
 * next pull answer "snapshot required", and a delta saying so is sent at once, so the client reads
 * a snapshot that includes the team's older issues.
 */
final class LiveAccounts {
  static final long POLL_MILLIS = 250;

  private final ServerStore store;
  private final FanOut fanOut;
  private final Endpoint endpoint;
  private volatile long seen;

  LiveAccounts(ServerStore store, FanOut fanOut, Endpoint endpoint) {
    this.store = store;
    this.fanOut = fanOut;
    this.endpoint = endpoint;
    this.seen = store.accountsVersion();
  }

  void start(ScheduledExecutorService timers) {
    timers.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The accounts version last applied; a hello compares it before and after it is held. */
  long seen() {
    return seen;
  }

  /**
   * Checks one newly held session again: a change was applied to the held sessions while its hello
   * was between reading its account and being held.
   */
  void recheck(Session session) {
    apply(session, store.accountsByTokenHash());
  }

  private void poll() {
    try {
      long version = store.accountsVersion();
      if (version == seen) {
        return;
      }
      // Moved before the sessions are visited: a hello racing with this sees the change and
      // checks its own session (see HelloGate).
      seen = version;
      Map<String, Account> accounts = store.accountsByTokenHash();
      for (Session session : List.copyOf(fanOut.held())) {
        apply(session, accounts);
      }
    } catch (RuntimeException e) {
      endpoint.log("cannot read the accounts: " + e.getMessage());
    }
  }

  private void apply(Session session, Map<String, Account> accounts) {
    Account now = accounts.get(session.tokenHash);
    if (now == null) {
      endpoint.fail(
          session, ErrorCode.UNAUTHORIZED, "your token was re-issued or your user removed");
      return;
    }
    Account before = session.account();
    if (now.equals(before)) {
      return;
    }
    boolean joined = !before.teamKeys().containsAll(now.teamKeys());
    synchronized (session) {
      fanOut.changeTeams(session, now);
      if (joined) {
        session.snapshotDue = true;
        long cursor = session.lastSent;
        endpoint.send(
            session,
            new Message.Delta(List.of(), List.of(), cursor, cursor, store.head(), false, true));
      }
    }
    endpoint.log(
        "teams of "
            + session.describe()
            + " are now "
            + (now.teamKeys().isEmpty() ? "none" : String.join(",", now.teamKeys())));
  }
}
