package dev.tern.server;

import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.server.store.Account;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers newly committed log entries to the connections held open after their hello, and keeps
 * per connection how far it has been sent, so that a delta continues where the client is. New
 * entries come from the single sender thread, in commit order; pull replies from the workers.
 */
final class FanOut {
  private final Endpoint endpoint;
  private final Set<Session> held = ConcurrentHashMap.newKeySet();

  /** Held sessions by team key, so fan-out visits only the sessions that may see a page. */
  private final Map<String, Set<Session>> heldByTeam = new ConcurrentHashMap<>();

  /** The last sync id fan-out has started sending (see {@link #deliverPage}). */
  private volatile long fannedOut;

  /** Starts with everything up to {@code head} already committed before the server started. */
  FanOut(Endpoint endpoint, long head) {
    this.endpoint = endpoint;
    this.fannedOut = head;
  }

  /**
   * Holds a welcomed session for fan-out: its client is at {@code cursor}. Call before the welcome
   * is sent, so that no commit after it is missed.
   */
  void hold(Session session, long cursor) {
    synchronized (session) {
      session.lastSent = Math.max(0, cursor);
      session.inSync = session.lastSent >= fannedOut;
    }
    held.add(session);
    for (String team : session.account().teamKeys()) {
      heldByTeam.computeIfAbsent(team, key -> ConcurrentHashMap.newKeySet()).add(session);
    }
  }

  /** The sessions held for fan-out now. */
  Collection<Session> held() {
    return Collections.unmodifiableSet(held);
  }

  /**
   * Gives a held session its user's new teams (docs/reliability.md, "Live administration"): from
   * now on it is sent entries of exactly those teams.
   */
  void changeTeams(Session session, Account account) {
    Set<String> before = session.account().teamKeys();
    session.changeAccount(account);
    for (String team : before) {
      if (!account.teamKeys().contains(team)) {
        Set<Session> sessions = heldByTeam.get(team);
        if (sessions != null) {
          sessions.remove(session);
        }
      }
    }
    for (String team : account.teamKeys()) {
      heldByTeam.computeIfAbsent(team, key -> ConcurrentHashMap.newKeySet()).add(session);
    }
    if (!held.contains(session)) {
      // Released meanwhile: do not keep it in the teams' sets.
      release(session);
    }
  }

  /** Forgets a connection for fan-out. */
  void release(Session session) {
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

  /** Sends the reply to a pull and notes how far it brings the session. */
  void sendPulled(Session session, Message.Delta reply) {
    synchronized (session) {
      endpoint.send(session, reply);
      if (!reply.snapshotRequired()) {
        session.lastSent = Math.max(session.lastSent, reply.cursor());
        // In sync only if the reply reaches every page fan-out has begun: later pages are then
        // all visited with this session's bookkeeping in place.
        session.inSync = session.lastSent >= fannedOut;
      }
    }
  }

  /** Sends a committed batch's entries to every held connection whose user may see them. */
  void deliver(PushHandler.Applied applied) {
    List<DeltaEntry> remaining = applied.entries();
    while (!remaining.isEmpty()) {
      int fitting = Paging.fittingEntries(remaining);
      deliverPage(remaining.subList(0, fitting), applied.conflicts());
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
  private void deliverPage(List<DeltaEntry> page, List<ConflictRecord> batchConflicts) {
    long first = page.get(0).syncId();
    long last = page.get(page.size() - 1).syncId();
    fannedOut = last;
    Set<Session> audience = new LinkedHashSet<>();
    for (DeltaEntry entry : page) {
      audience.addAll(heldByTeam.getOrDefault(entry.op().team(), Set.of()));
    }
    Set<String> losers = new HashSet<>();
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
          endpoint.sendText(session, text);
          if (session.inSync) {
            session.lastSent = Math.max(session.lastSent, last);
          }
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
}
