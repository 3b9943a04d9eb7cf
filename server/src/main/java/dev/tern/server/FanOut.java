package dev.tern.server;

import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.Account;
import dev.tern.server.store.ServerStore;
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
 * per connection how far it has been sent, so that a delta continues where the client is.
 *
 * <p>Fan-out walks the whole log, every id in order, whichever node committed it: this node's
 * batches come from its writer ({@link #deliver}), other nodes' commits are read back from the
 * store ({@link #catchUp}), and before a batch of ours is sent, the ids below it that it has not
 * walked yet are read first. So {@link #fannedOut} only ever moves over ids it has visited, which
 * is what the per-connection bookkeeping relies on (docs/sync.md, "Several nodes"). Both run on the
 * single sender thread; pull replies come from the workers.
 */
final class FanOut {
  private final Endpoint endpoint;
  private final ServerStore store;
  private final Set<Session> held = ConcurrentHashMap.newKeySet();

  /** Held sessions by team key, so fan-out visits only the sessions that may see a page. */
  private final Map<String, Set<Session>> heldByTeam = new ConcurrentHashMap<>();

  /**
   * The last sync id fan-out has started sending (see {@link #deliverPage}); every id up to it has
   * been visited, in order.
   */
  private volatile long fannedOut;

  /** Starts with everything up to {@code head} already committed before the server started. */
  FanOut(Endpoint endpoint, ServerStore store, long head) {
    this.endpoint = endpoint;
    this.store = store;
    this.fannedOut = head;
  }

  /** Every sync id up to this one has been fanned out (or was committed before we started). */
  long position() {
    return fannedOut;
  }

  /**
   * Holds a welcomed session for fan-out: its client is at {@code cursor}. Call before the welcome
   * is sent, so that no commit after it is missed.
   */
  void hold(Session session, long cursor) {
    synchronized (session) {
      session.lastSent = Math.max(0, cursor);
      session.inSync = false;
    }
    held.add(session);
    for (String team : session.account().teamKeys()) {
      heldByTeam.computeIfAbsent(team, key -> ConcurrentHashMap.newKeySet()).add(session);
    }
    // Only now, once pages find the session: a page that moved the position before it was
    // listed may have missed it, and then the position read here is past that page, so the
    // session is in sync only if its cursor already covers it.
    synchronized (session) {
      session.inSync = session.lastSent >= fannedOut;
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

  /**
   * Sends a batch this node committed to every held connection whose user may see it. Ids below the
   * batch that fan-out has not visited (other nodes' commits) are read and sent first; entries a
   * catch-up already sent are not sent again. Sender thread only.
   */
  void deliver(PushHandler.Applied applied) {
    List<DeltaEntry> entries = applied.entries();
    if (entries.isEmpty()) {
      return;
    }
    long first = entries.get(0).syncId();
    if (first - 1 > fannedOut) {
      try {
        catchUp(first - 1);
      } catch (RuntimeException e) {
        // The store could not be read: send our batch all the same, but let nobody count as in
        // sync across the ids we could not send; their clients pull them.
        endpoint.log("fan-out could not read commits of other nodes: " + e.getMessage());
        skipTo(first - 1);
      }
    }
    int fresh = 0;
    while (fresh < entries.size() && entries.get(fresh).syncId() <= fannedOut) {
      fresh++;
    }
    deliverPages(entries.subList(fresh, entries.size()), applied.conflicts());
  }

  /**
   * Reads the log from where fan-out is up to {@code head} (commits of other nodes or processes
   * sharing the store) and sends it like this node's own batches. Every id up to {@code head} is
   * committed when it is called: the head is only read after the commit that set it. Sender thread
   * only.
   */
  void catchUp(long head) {
    while (fannedOut < head) {
      long start = fannedOut;
      List<DeltaEntry> entries = store.readLog(start, head, Protocol.MAX_PAGE);
      if (store.horizon() > start) {
        // Compacted before fan-out got there: nobody can be told "in sync" across the hole.
        // Every held session starts over with its own pulls (and a snapshot when it must).
        skipTo(store.horizon());
        continue;
      }
      long end =
          entries.size() < Protocol.MAX_PAGE ? head : entries.get(entries.size() - 1).syncId();
      if (entries.isEmpty()) {
        fannedOut = end;
        continue;
      }
      deliverPages(entries, store.conflicts(start, end));
      // Pages end at their last entry; the ids after it up to the read's end hold nothing.
      fannedOut = Math.max(fannedOut, end);
    }
  }

  /**
   * Moves the position over ids that were not sent: every held session stops counting as in sync,
   * so its next delta starts at the page's own start and its client pulls what it lacks.
   */
  private void skipTo(long position) {
    // The position first, as in deliverPage: a pull reply that marks its session in sync after
    // this compares itself with the new position.
    fannedOut = Math.max(fannedOut, position);
    for (Session session : held) {
      synchronized (session) {
        session.inSync = false;
      }
    }
  }

  private void deliverPages(List<DeltaEntry> entries, List<ConflictRecord> conflicts) {
    List<DeltaEntry> remaining = entries;
    while (!remaining.isEmpty()) {
      int fitting = Paging.fittingEntries(remaining);
      deliverPage(remaining.subList(0, fitting), conflicts);
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
    // the same frame: encode and frame it once, not once per connection (a team may have hundreds
    // of watchers), and wake the selector once for the whole page.
    Map<List<Object>, Optional<PreparedFrame>> framed = new HashMap<>();
    Endpoint.Round round = endpoint.round();
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
        if (session.inSync && session.lastSent >= last) {
          // A pull reply already took it past this page (it read further than fan-out is).
          continue;
        }
        long from = session.inSync ? Math.min(session.lastSent, first - 1) : first - 1;
        PreparedFrame frame =
            conflicts.isEmpty()
                ? framed
                    .computeIfAbsent(
                        List.of(account.teamKeys(), from),
                        key -> frameDelta(page, account.teamKeys(), List.of(), from, last))
                    .orElse(null)
                : frameDelta(page, account.teamKeys(), conflicts, from, last).orElse(null);
        if (frame != null) {
          round.send(session, frame);
          if (session.inSync) {
            session.lastSent = Math.max(session.lastSent, last);
          }
        }
      }
    }
    round.flush();
  }

  /** The delta frame of one page for these teams, or empty when it would carry nothing. */
  private static Optional<PreparedFrame> frameDelta(
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
      return Optional.empty();
    }
    return Optional.of(
        PreparedFrame.text(
            MessageCodec.write(
                new Message.Delta(visible, conflicts, from, last, last, false, false))));
  }
}
