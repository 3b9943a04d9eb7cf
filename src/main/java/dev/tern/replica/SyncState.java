package dev.tern.replica;

import dev.tern.model.Comment;
import dev.tern.model.Conflict;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.store.IssueRecord;
import dev.tern.store.IssueTable;
import dev.tern.store.LoggedOp;
import dev.tern.store.OpLog;
import dev.tern.store.StoreTxn;
import dev.tern.store.SyncedTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The replica's side of sync: what waits to be pushed, what the server said about it, and the
 * rebase of the local view when the server's state moves on.
 *
 * <p>The view is always "synced state + unconfirmed local operations": {@code synced_*} tables hold
 * the server's state at the cursor, and every issue a server change touches is rebuilt by copying
 * its synced row and re-applying, in sequence order, this replica's operations on it that the
 * server has not yet folded in (pending ones, and acknowledged ones whose delta has not arrived).
 * That is rule 3 of docs/sync.md; doing it per issue keeps a pull's cost proportional to what
 * changed.
 */
public final class SyncState {
  private final Replica replica;

  SyncState(Replica replica) {
    this.replica = replica;
  }

  /** The login details, or empty for a profile that has never logged in. */
  public record Login(String server, String token, String user) {}

  public Optional<Login> login() {
    try (StoreTxn txn = replica.store.read()) {
      Optional<String> server = txn.meta().get(Replica.SERVER);
      if (server.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Login(server.get(), txn.meta().get(Replica.TOKEN).orElse(""), replica.actor()));
    }
  }

  /**
   * Records a login. Pending work made under the offline team and the local user name moves to
   * {@code team} and {@code user}; a different server than before starts from an empty cursor.
   */
  public void attach(
      String server, String token, String user, Map<String, String> teams, String team) {
    try (StoreTxn txn = replica.store.write()) {
      Optional<String> previous = txn.meta().get(Replica.SERVER);
      if (previous.isPresent() && !previous.get().equals(server)) {
        txn.meta().put(Replica.CURSOR, "0");
        txn.synced().clear();
      }
      txn.meta().put(Replica.SERVER, server);
      txn.meta().put(Replica.TOKEN, token);
      txn.meta().put(Replica.USER, user);
      txn.meta().put(Replica.DEFAULT_TEAM, team);
      rehome(txn, team, user);
      txn.teams().replaceAll(teams);
      txn.commit();
    }
    replica.loggedIn(user, team);
  }

  /**
   * Forgets the token (the server address, cursor, synced state and pending operations stay, so a
   * later login to the same server continues where this left off). Returns the server, or empty
   * when the profile was not logged in.
   */
  public Optional<String> logout() {
    try (StoreTxn txn = replica.store.write()) {
      Optional<String> server = txn.meta().get(Replica.SERVER);
      boolean hadToken =
          txn.meta().get(Replica.TOKEN).filter(token -> !token.isEmpty()).isPresent();
      if (server.isEmpty() || !hadToken) {
        return Optional.empty();
      }
      txn.meta().put(Replica.TOKEN, "");
      txn.commit();
      return server;
    }
  }

  /**
   * Moves work made before login to the server's team and user: pending operations, and the issues
   * only they created (not yet numbered). Safe because none of it has been sent yet.
   */
  private static void rehome(StoreTxn txn, String team, String user) {
    String pending = OpStatus.PENDING.text();
    txn.opLog().setTeam(pending, Replica.OFFLINE_TEAM, team);
    txn.opLog().setActor(pending, user);
    txn.issues().setTeamOfUnnumbered(Replica.OFFLINE_TEAM, team);
    txn.issues().setCreatorOfUnnumbered(user, pending);
  }

  public long cursor() {
    try (StoreTxn txn = replica.store.read()) {
      return Long.parseLong(txn.meta().get(Replica.CURSOR).orElse("0"));
    }
  }

  /**
   * The profile's client id as its store holds it now: another process on the profile may have
   * renewed it (see {@link #renewIdentity}).
   */
  public String clientId() {
    try (StoreTxn txn = replica.store.read()) {
      return txn.meta().get(Replica.CLIENT_ID).orElse(replica.clientId());
    }
  }

  /** The oldest {@code limit} operations not yet acknowledged, in sequence order. */
  public List<Op> pending(int limit) {
    try (StoreTxn txn = replica.store.read()) {
      return txn.opLog().inSequence(List.of(OpStatus.PENDING.text()), null, limit).stream()
          .map(LoggedOp::op)
          .toList();
    }
  }

  /**
   * The pending operations in sequence order, a batch at a time: the queue's order is read once
   * (and again when it runs out, for operations written meanwhile), each batch by its rows.
   */
  public final class Queue {
    private final java.util.ArrayDeque<Long> rows = new java.util.ArrayDeque<>();
    private List<Op> peeked = List.of();
    private int window;

    private Queue() {}

    /** The oldest {@code limit} pending operations, without taking them. */
    public List<Op> peek(int limit) {
      List<String> pending = List.of(OpStatus.PENDING.text());
      try (StoreTxn txn = replica.store.read()) {
        while (true) {
          if (rows.isEmpty()) {
            rows.addAll(txn.opLog().rowsInSequence(pending));
            if (rows.isEmpty()) {
              return peeked = List.of();
            }
          }
          List<Long> keys = new ArrayList<>(limit);
          java.util.Iterator<Long> next = rows.iterator();
          while (keys.size() < limit && next.hasNext()) {
            keys.add(next.next());
          }
          window = keys.size();
          List<Op> found = txn.opLog().inRows(keys, pending).stream().map(LoggedOp::op).toList();
          if (!found.isEmpty()) {
            return peeked = found;
          }
          // All answered meanwhile (another process pushed them): on to the next window.
          keys.forEach(row -> rows.pollFirst());
        }
      }
    }

    /**
     * Takes the first {@code count} operations of the last {@link #peek}, all of them answered.
     * Otherwise (fewer taken, or not all answered) the queue is read anew next time, so that
     * nothing is passed over and the order stays that of the sequence numbers.
     */
    public void take(int count, boolean answered) {
      if (!answered || count != peeked.size()) {
        rows.clear();
        return;
      }
      // Every row of the window was either taken now or no longer pending.
      for (int index = 0; index < window; index++) {
        rows.pollFirst();
      }
    }
  }

  /** A fresh {@link Queue} of the pending operations. */
  public Queue queue() {
    return new Queue();
  }

  public int pendingCount() {
    try (StoreTxn txn = replica.store.read()) {
      return txn.opLog().count(OpStatus.PENDING.text());
    }
  }

  /**
   * Records the server's answers. An acknowledged operation stays in the view until its delta
   * arrives; a rejected one is dropped from the queue (kept in the log with the reason) and its
   * effect leaves the view.
   */
  public void acknowledge(List<Ack> acks) {
    acknowledge(List.of(), acks);
  }

  /**
   * Records the server's answers to the push of {@code sent}. Besides the above, an operation the
   * server says took effect exactly as its own apply, on an entity state this replica's synced
   * tables hold (its {@link Ack#prior()}), is confirmed at once: applied to the synced tables and
   * marked synced with a sync id above the cursor, so that its delta, when it comes, is skipped
   * (docs/sync.md, "Confirming from the ack"). The view is then left as it is, apart from copying
   * the synced row over it, unless other unconfirmed operations on the issue need a rebase.
   */
  public void acknowledge(List<Op> sent, List<Ack> acks) {
    Map<String, Op> sentById = new HashMap<>();
    sent.forEach(op -> sentById.put(op.id(), op));
    try (StoreTxn txn = replica.store.write()) {
      long cursor = Long.parseLong(txn.meta().get(Replica.CURSOR).orElse("0"));
      Map<String, OpLog.Standing> standings =
          txn.opLog().standings(acks.stream().map(Ack::opId).toList());
      List<OpLog.Mark> marks = new ArrayList<>();
      Map<String, Boolean> rebuild = new LinkedHashMap<>();
      Map<String, Boolean> confirmed = new LinkedHashMap<>();
      Set<Long> confirmedAhead = new HashSet<>();
      // Confirmed creates' synced rows, written as one batch (before anything reads them).
      List<IssueRecord> createdRows = new ArrayList<>();
      for (Ack ack : acks) {
        OpLog.Standing logged = standings.get(ack.opId());
        if (logged == null || OpStatus.ofText(logged.status()) != OpStatus.PENDING) {
          continue;
        }
        String outcome = ack.outcome().wireName();
        if (ack.rejected()) {
          marks.add(
              new OpLog.Mark(ack.opId(), OpStatus.REJECTED.text(), null, outcome, ack.reason()));
          rebuild.put(logged.issue(), true);
        } else if (ack.syncId() == null || ack.syncId() <= cursor) {
          // The delta carrying it arrived first (a held connection), or it was applied so long
          // ago that its log entry was compacted (no sync id): either way the synced state holds
          // it, and no delta will bring it again.
          marks.add(
              new OpLog.Mark(ack.opId(), OpStatus.SYNCED.text(), ack.syncId(), outcome, null));
          rebuild.put(logged.issue(), true);
        } else if (confirmFromAck(
            txn, sentById.get(ack.opId()), ack, cursor, confirmedAhead, createdRows)) {
          marks.add(
              new OpLog.Mark(ack.opId(), OpStatus.SYNCED.text(), ack.syncId(), outcome, null));
          confirmedAhead.add(ack.syncId());
          confirmed.merge(
              logged.issue(), !sentById.get(ack.opId()).kind().onIssue(), Boolean::logicalOr);
        } else {
          marks.add(new OpLog.Mark(ack.opId(), OpStatus.ACKED.text(), ack.syncId(), outcome, null));
        }
      }
      txn.synced().putIssues(createdRows);
      txn.opLog().mark(marks);
      // A confirmed issue with nothing else of ours open on it: the view is the synced row (its
      // number, and what the server settles at a first sync). Otherwise the full rebase.
      // The view copies are set-based: a fixed number of statements per batch, not per issue.
      Set<String> open = txn.opLog().issuesWithAny(confirmed.keySet(), OpStatus.HELD);
      List<String> reset = new ArrayList<>(confirmed.size());
      List<String> resetComments = new ArrayList<>();
      confirmed.forEach(
          (issue, comments) -> {
            if (open.contains(issue) || rebuild.containsKey(issue)) {
              rebuild.merge(issue, comments, Boolean::logicalOr);
            } else {
              reset.add(issue);
              if (comments) {
                resetComments.add(issue);
              }
            }
          });
      txn.synced().resetViewIssues(reset, resetComments);
      rebase(txn, rebuild);
      txn.commit();
    }
  }

  /**
   * Applies {@code op} to the synced tables when {@code ack} says it took effect exactly as its own
   * apply on a state they hold: nothing (a create), the state at the cursor (no entry on the entity
   * since), or the state right after another operation confirmed this way. Returns false, changing
   * nothing, when that cannot be shown; the operation then waits for its delta. A create's synced
   * row is added to {@code createdRows} (written as one batch by the caller); anything else first
   * writes out what is there, since it reads the synced tables.
   */
  private static boolean confirmFromAck(
      StoreTxn txn,
      Op op,
      Ack ack,
      long cursor,
      Set<Long> confirmedAhead,
      List<IssueRecord> createdRows) {
    Long prior = ack.prior();
    if (op == null || prior == null || ack.outcome() != dev.tern.op.Outcome.APPLIED) {
      return false;
    }
    boolean held = prior == 0 || prior <= cursor || confirmedAhead.contains(prior);
    if (!held) {
      return false;
    }
    if (op.kind() == Kind.CREATE_ISSUE) {
      if (prior != 0 || ack.number() == null) {
        return false;
      }
      CreateIssue create = (CreateIssue) op;
      createdRows.add(IssueRecord.of(create.apply().withNumber(ack.number())));
      return true;
    }
    txn.synced().putIssues(createdRows);
    createdRows.clear();
    switch (op.kind()) {
      case CREATE_COMMENT -> {
        CreateComment create = (CreateComment) op;
        if (prior != 0 || txn.issues().record(IssueTable.SYNCED, create.issue()).isEmpty()) {
          return false;
        }
      }
      case UPDATE_ISSUE -> {
        if (prior == 0 || txn.issues().record(IssueTable.SYNCED, op.entity()).isEmpty()) {
          return false;
        }
      }
      case UPDATE_COMMENT -> {
        if (prior == 0 || txn.comments().get(IssueTable.SYNCED, op.entity()).isEmpty()) {
          return false;
        }
      }
    }
    OpEffect.apply(txn, IssueTable.SYNCED, op);
    return true;
  }

  /**
   * Applies one page of server changes and conflict records and moves the cursor to {@code
   * newCursor}, all in one transaction. Entries at or below the cursor were applied before and are
   * skipped, so a page may safely arrive twice.
   */
  public void applyRemote(List<RemoteEntry> entries, List<Conflict> conflicts, long newCursor) {
    try (StoreTxn txn = replica.store.write()) {
      long cursor = Long.parseLong(txn.meta().get(Replica.CURSOR).orElse("0"));
      if (newCursor <= cursor && entries.stream().allMatch(entry -> entry.syncId() <= cursor)) {
        return;
      }
      Map<String, Boolean> touched = new LinkedHashMap<>();
      Hlc latest = null;
      Map<String, OpLog.Standing> standings =
          txn.opLog().standings(entries.stream().map(entry -> entry.op().id()).toList());
      for (RemoteEntry entry : entries) {
        if (entry.syncId() <= cursor) {
          continue;
        }
        OpLog.Standing known = standings.get(entry.op().id());
        if (known != null
            && OpStatus.SYNCED.text().equals(known.status())
            && known.syncId() != null
            && known.syncId() == entry.syncId()
            && entry.syncId() > cursor) {
          // Ours, confirmed from its ack: the synced tables already hold this state.
          if (latest == null || entry.op().stamp().compareTo(latest) > 0) {
            latest = entry.op().stamp();
          }
          continue;
        }
        touched.merge(store(txn, entry, known), entry.comment() != null, Boolean::logicalOr);
        if (latest == null || entry.op().stamp().compareTo(latest) > 0) {
          latest = entry.op().stamp();
        }
      }
      if (latest != null) {
        replica.receive(txn, latest);
      }
      for (Conflict conflict : conflicts) {
        txn.conflicts().insert(conflict);
      }
      rebase(txn, touched);
      txn.meta().put(Replica.CURSOR, Long.toString(Math.max(cursor, newCursor)));
      txn.commit();
    }
  }

  /**
   * Takes a new client id after the server answered {@code stale_client}: the old one is shared
   * with a copy of this profile. Pending operations are numbered anew under it (see {@link
   * Replica#renewIdentity}); the caller reconnects with the new id and pushes them again.
   */
  public String renewIdentity(String why) {
    try (StoreTxn txn = replica.store.write()) {
      String renewed = replica.renewIdentity(txn, why);
      txn.commit();
      return renewed;
    }
  }

  /** Notes the end of a successful sync round. */
  public void synced(long when) {
    try (StoreTxn txn = replica.store.write()) {
      txn.meta().put(Replica.LAST_SYNC, Long.toString(when));
      txn.commit();
    }
  }

  /**
   * Starts a bootstrap: the synced tables are emptied; the view is left alone until {@link
   * #finishBootstrap} so commands keep reading a consistent (if old) state meanwhile.
   */
  public void beginBootstrap() {
    try (StoreTxn txn = replica.store.write()) {
      txn.synced().clear();
      txn.meta().put(Replica.CURSOR, "0");
      txn.commit();
    }
  }

  /** Adds one page of a snapshot to the synced tables, as one batch per table. */
  public void applySnapshotPage(SyncedTables.IssueRows issues, List<SyncedComment> comments) {
    try (StoreTxn txn = replica.store.write()) {
      long latest = issues.latestUpdate();
      txn.synced().putIssues(issues);
      if (latest > 0) {
        // A snapshot carries states, not stamps: their update times are what we have seen.
        replica.receive(txn, new Hlc(latest, 0, ""));
      }
      List<Comment> states = new ArrayList<>(comments.size());
      Set<String> deleted = new HashSet<>();
      for (SyncedComment comment : comments) {
        states.add(comment.comment());
        if (comment.deleted()) {
          deleted.add(comment.comment().id());
        }
      }
      txn.synced().putComments(states, deleted);
      txn.commit();
    }
  }

  /**
   * Ends a bootstrap at sync id {@code at}: acknowledged operations the snapshot already holds are
   * confirmed, and the whole view is rebuilt with every unconfirmed operation on top.
   */
  public void finishBootstrap(long at, Map<String, String> teams) {
    try (StoreTxn txn = replica.store.write()) {
      txn.opLog().changeStatusUpTo(OpStatus.ACKED.text(), OpStatus.SYNCED.text(), at);
      // Confirmed from their acks after the snapshot's point: the snapshot lacks them, so they
      // are unconfirmed again until their deltas come (and re-applied to the view below).
      txn.opLog().changeStatusAbove(OpStatus.SYNCED.text(), OpStatus.ACKED.text(), at);
      txn.synced().resetView();
      Map<String, Boolean> held = new HashMap<>();
      for (LoggedOp logged : txn.opLog().inSequence(OpStatus.HELD, null, 0)) {
        boolean rejected = OpStatus.REJECTED.text().equals(logged.status());
        if (!rejected
            || (keptInView(logged)
                && held.computeIfAbsent(logged.issue(), issue -> held(txn, issue)))) {
          OpEffect.apply(txn, IssueTable.VIEW, logged.op());
        }
      }
      txn.teams().replaceAll(teams);
      txn.meta().put(Replica.CURSOR, Long.toString(at));
      txn.commit();
    }
  }

  /** A comment from a snapshot, with its deleted flag. */
  public record SyncedComment(Comment comment, boolean deleted) {}

  /** Stores one remote entry; returns the issue it concerns. */
  private String store(StoreTxn txn, RemoteEntry entry, OpLog.Standing known) {
    Op op = entry.op();
    String issue;
    if (entry.issue() != null) {
      txn.synced().putIssue(entry.issue());
      issue = entry.issue().id();
    } else {
      txn.synced().putComment(entry.comment(), entry.commentDeleted());
      issue = entry.comment().issueId();
    }
    if (known != null) {
      // Written here (perhaps under a client id this profile has renewed since: it is matched by
      // op id, not client id) and now confirmed; or another replica's, seen before.
      if (!OpStatus.REMOTE.text().equals(known.status())) {
        txn.opLog().markSynced(op.id(), OpStatus.SYNCED.text(), entry.syncId());
      }
      return issue;
    }
    if (op.clientId().equals(txn.meta().get(Replica.CLIENT_ID).orElse(null))) {
      // An operation under our client id that this replica never wrote: a copy of this profile
      // (a copied file, a restored backup) is using the same id. Take a new one before its
      // sequence numbers collide with ours.
      replica.renewIdentity(txn, "the server sent an operation of this client id it did not write");
    }
    txn.opLog().append(op, issue, OpStatus.REMOTE.text(), null);
    txn.opLog().markSynced(op.id(), OpStatus.REMOTE.text(), entry.syncId());
    return issue;
  }

  /**
   * Rebuilds the view of each issue in {@code touched}: its synced state, then this replica's
   * unconfirmed operations on it, in sequence order. {@code touched} maps an issue to whether its
   * comments changed; when they did not and nothing of ours is unconfirmed on it, the view's
   * comments already equal the synced ones and are left alone.
   */
  static void rebase(StoreTxn txn, Map<String, Boolean> touched) {
    touched.forEach(
        (issue, commentsChanged) -> {
          List<String> statuses = held(txn, issue) ? OpStatus.HELD : OpStatus.UNCONFIRMED;
          boolean unconfirmed = txn.opLog().anyOnIssue(issue, statuses);
          txn.synced().resetViewIssue(issue, commentsChanged || unconfirmed);
          if (unconfirmed) {
            for (LoggedOp logged : txn.opLog().inSequence(statuses, issue, 0)) {
              if (keptInView(logged)) {
                OpEffect.apply(txn, IssueTable.VIEW, logged.op());
              }
            }
          }
        });
  }

  /** Whether {@code issue} is one the server has never accepted, with a rejection on it. */
  private static boolean held(StoreTxn txn, String issue) {
    return txn.issues().record(IssueTable.SYNCED, issue).isEmpty()
        && txn.opLog().anyOnIssue(issue, List.of(OpStatus.REJECTED.text()));
  }

  /** Unconfirmed operations, and rejected ones the user has not moved or discarded. */
  private static boolean keptInView(LoggedOp logged) {
    return !OpStatus.REJECTED.text().equals(logged.status())
        || OpStatus.OPEN_REJECTION.equals(logged.outcome());
  }
}
