package dev.tern.server;

import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.op.Outcome;
import dev.tern.op.TextRules;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.UnreadableOp;
import dev.tern.server.store.Account;
import dev.tern.server.store.PriorResult;
import dev.tern.server.store.PushTransaction;
import dev.tern.server.store.ServerStore;
import dev.tern.server.store.StoredComment;
import dev.tern.server.store.StoredIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Applies one push batch in one transaction: dedupe, identity and scope checks, validation, then
 * reconciliation. Every operation gets a result; a refused one never stops the ones after it. Must
 * be called from one thread at a time (the server's writer).
 */
public final class PushHandler {
  /**
   * How far ahead of the server's clock a stamp or creation time may be (docs/sync.md, "Clocks").
   * Later ones are brought back to the server's time: a client whose clock runs ahead must not win
   * every collision, nor date its issues in the future for everyone.
   */
  public static final long MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

  private final ServerStore store;
  private final LongSupplier clock;

  public PushHandler(ServerStore store) {
    this(store, System::currentTimeMillis);
  }

  /** A handler that reads the time from {@code clock} (epoch ms). */
  public PushHandler(ServerStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * What a committed batch produced: one result per operation (in the order sent, unreadable ones
   * last), the new log entries and the conflicts raised.
   */
  public record Applied(
      List<AckResult> results, List<DeltaEntry> entries, List<ConflictRecord> conflicts) {}

  /** Applies the batch of an authenticated connection of {@code clientId} and commits it. */
  public Applied push(
      Account account, String clientId, List<Op> ops, List<UnreadableOp> unreadable) {
    List<AckResult> results = new ArrayList<>();
    List<DeltaEntry> entries = new ArrayList<>();
    List<ConflictRecord> conflicts = new ArrayList<>();
    try (PushTransaction txn = store.beginPush()) {
      List<String> issueIds = new ArrayList<>();
      for (Op op : ops) {
        if (op.kind().onIssue()) {
          issueIds.add(op.entity());
        } else if (op instanceof CreateComment comment && comment.issue() != null) {
          issueIds.add(comment.issue());
        }
      }
      txn.preload(ops.stream().map(Op::id).toList(), issueIds);
      boolean stale = false;
      for (Op sent : ops) {
        AckResult result =
            stale
                ? staleOrDuplicate(txn, clientId, sent)
                : pushOne(txn, account, clientId, sent, entries, conflicts);
        stale = stale || result.code() == ErrorCode.STALE_CLIENT;
        results.add(result);
      }
      txn.commit();
    }
    for (UnreadableOp op : unreadable) {
      results.add(
          new AckResult(
              op.id() == null ? "" : op.id(),
              op.seq(),
              null,
              Outcome.REJECTED,
              ErrorCode.INVALID,
              op.reason()));
    }
    return new Applied(results, entries, conflicts);
  }

  private AckResult pushOne(
      PushTransaction txn,
      Account account,
      String clientId,
      Op sent,
      List<DeltaEntry> entries,
      List<ConflictRecord> conflicts) {
    if (!sent.clientId().equals(clientId)) {
      // Not recorded: the sequence number belongs to another client's numbering.
      return rejected(
          sent,
          ErrorCode.INVALID,
          "operation of client "
              + sent.clientId()
              + " sent on the connection of client "
              + clientId);
    }
    if (sent.seq() < 1) {
      // Not recorded either: sequence numbers start at 1, and 0 or less names no slot.
      return rejected(sent, ErrorCode.INVALID, "sequence numbers start at 1, not " + sent.seq());
    }
    Optional<PriorResult> prior = txn.findBySeq(clientId, sent.seq());
    if (prior.isPresent() && usedByAnother(prior.get(), sent)) {
      return stale(sent, prior.get());
    }
    if (prior.isEmpty()) {
      prior = txn.findByOpId(sent.id());
      if (prior.isPresent() && !prior.get().clientId().equals(clientId)) {
        return reject(txn, sent, ErrorCode.INVALID, "operation id " + sent.id() + " is taken");
      }
    }
    if (prior.isPresent()) {
      PriorResult earlier = prior.get();
      return earlier.outcome() == Outcome.REJECTED
          ? new AckResult(
              sent.id(), sent.seq(), null, Outcome.REJECTED, earlier.code(), earlier.message())
          : new AckResult(sent.id(), sent.seq(), earlier.syncId(), Outcome.DUPLICATE, null, null);
    }
    if (!sent.actor().equals(account.user())) {
      return reject(
          txn,
          sent,
          ErrorCode.FORBIDDEN_ACTOR,
          "actor " + sent.actor() + " is not the signed-in user " + account.user());
    }
    if (!account.memberOf(sent.team())) {
      return reject(
          txn,
          sent,
          ErrorCode.FORBIDDEN_TEAM,
          account.user() + " is not a member of team " + sent.team());
    }
    if (!sent.stamp().clientId().equals(clientId)) {
      // A stamp naming another client would let this one win every tie against it.
      return reject(txn, sent, ErrorCode.INVALID, "the clock stamp names another client");
    }
    if (sent.entity().isBlank() || sent.entity().length() > 200) {
      return reject(txn, sent, ErrorCode.INVALID, "entity id must be 1-200 characters");
    }
    if (sent.id().isBlank() || sent.id().length() > 200) {
      return reject(txn, sent, ErrorCode.INVALID, "operation id must be 1-200 characters");
    }
    try {
      sent.validate();
      TextRules.shared(sent);
      long now = clock.getAsLong();
      Op op = withinSkew(sent, now);
      AckResult result =
          switch (op.kind()) {
            case CREATE_ISSUE -> createIssue(txn, account, (CreateIssue) op, entries);
            case UPDATE_ISSUE -> updateIssue(txn, (UpdateIssue) op, entries, conflicts);
            case CREATE_COMMENT -> createComment(txn, (CreateComment) op, entries);
            case UPDATE_COMMENT -> updateComment(txn, (UpdateComment) op, entries, conflicts);
          };
      if (op == sent) {
        return result;
      }
      long ahead = Math.max(sent.stamp().millis(), createdAt(sent)) - now;
      return new AckResult(
          result.opId(),
          result.seq(),
          result.syncId(),
          result.outcome(),
          ErrorCode.CLOCK_AHEAD,
          "the clock of client "
              + sent.clientId()
              + " is "
              + (ahead / 1000)
              + " s ahead of the server's: the operation was dated at the server's time");
    } catch (InvalidInputException e) {
      return reject(txn, sent, ErrorCode.INVALID, e.getMessage());
    }
  }

  /**
   * {@code op}, or a copy dated at {@code now} when its stamp or creation time is more than {@link
   * #MAX_CLOCK_SKEW_MS} ahead: the stamp keeps its counter and client id, so one client's clamped
   * operations still order among themselves. What is logged and relayed is the copy.
   */
  private static Op withinSkew(Op op, long now) {
    long limit = now + MAX_CLOCK_SKEW_MS;
    if (op.stamp().millis() <= limit && createdAt(op) <= limit) {
      return op;
    }
    OpHeader header = op.header();
    Hlc stamp = op.stamp();
    Hlc bounded = stamp.millis() <= limit ? stamp : new Hlc(now, stamp.counter(), stamp.clientId());
    Map<String, Change<String>> changes = new TreeMap<>(op.changes());
    // Issue and comment creates name their creation time alike.
    Change<String> created = changes.get(CreateIssue.CREATED_AT);
    if (created != null && created.value() != null && Long.parseLong(created.value()) > limit) {
      changes.put(CreateIssue.CREATED_AT, new Change<>(Long.toString(now), null));
    }
    return Op.fromText(
        new OpHeader(
            header.id(),
            header.clientId(),
            header.seq(),
            bounded,
            header.actor(),
            header.entity(),
            header.team()),
        op.kind(),
        changes);
  }

  /** The creation time a create carries, or {@link Long#MIN_VALUE}. */
  private static long createdAt(Op op) {
    Long created =
        op instanceof CreateIssue issue
            ? issue.createdAt()
            : op instanceof CreateComment comment ? comment.createdAt() : null;
    return created == null ? Long.MIN_VALUE : created;
  }

  private AckResult createIssue(
      PushTransaction txn, Account account, CreateIssue op, List<DeltaEntry> entries) {
    Optional<StoredIssue> existing = txn.issue(op.entity());
    if (existing.isPresent()) {
      // Say "exists" only to someone who may see it: otherwise ids would probe other teams.
      throw new InvalidInputException(
          account.memberOf(existing.get().state().team())
              ? "issue " + op.entity() + " already exists"
              : "issue id " + op.entity() + " cannot be used: make a new one");
    }
    StoredIssue issue = Reconciler.createIssue(op, txn.nextIssueNumber(op.team()));
    long syncId = txn.nextSyncId();
    txn.putIssue(issue);
    txn.append(syncId, op, Outcome.APPLIED, issue.state(), null);
    entries.add(new DeltaEntry(syncId, op, issue.state(), null));
    // A create takes effect exactly as its apply says, from nothing: the author can confirm it
    // from the ack alone, given the number.
    return new AckResult(
        op.id(), op.seq(), syncId, Outcome.APPLIED, null, null, issue.state().number(), 0L);
  }

  private AckResult updateIssue(
      PushTransaction txn,
      UpdateIssue op,
      List<DeltaEntry> entries,
      List<ConflictRecord> conflicts) {
    StoredIssue current = existingIssue(txn, op.entity(), op.team());
    Long prior = txn.lastIssueEntry(op.entity());
    long syncId = txn.nextSyncId();
    Reconciler.Result<StoredIssue> result = Reconciler.updateIssue(current, op, syncId);
    txn.putIssue(result.entity());
    txn.append(syncId, op, result.outcome(), result.entity().state(), null);
    record(txn, result.conflicts(), conflicts);
    entries.add(new DeltaEntry(syncId, op, result.entity().state(), null));
    boolean exact =
        prior != null
            && result.outcome() == Outcome.APPLIED
            && result.conflicts().isEmpty()
            && IssueState.of(op.apply(current.state().toData())).equals(result.entity().state());
    return exact(op, syncId, result.outcome(), exact ? prior : null);
  }

  private AckResult createComment(PushTransaction txn, CreateComment op, List<DeltaEntry> entries) {
    if (txn.comment(op.entity()).isPresent()) {
      throw new InvalidInputException("comment " + op.entity() + " already exists");
    }
    StoredIssue issue = existingIssue(txn, op.issue(), op.team());
    StoredComment comment = Reconciler.createComment(op, issue.state().team());
    long syncId = txn.nextSyncId();
    txn.putComment(comment);
    txn.append(syncId, op, Outcome.APPLIED, null, comment.state());
    entries.add(new DeltaEntry(syncId, op, null, comment.state()));
    return new AckResult(op.id(), op.seq(), syncId, Outcome.APPLIED, null, null, null, 0L);
  }

  private AckResult updateComment(
      PushTransaction txn,
      UpdateComment op,
      List<DeltaEntry> entries,
      List<ConflictRecord> conflicts) {
    StoredComment current =
        txn.comment(op.entity())
            .filter(comment -> comment.team().equals(op.team()))
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "no comment " + op.entity() + " in team " + op.team()));
    Reconciler.checkAllowed(current, op);
    Long prior = txn.lastCommentEntry(op.entity());
    long syncId = txn.nextSyncId();
    Reconciler.Result<StoredComment> result = Reconciler.updateComment(current, op, syncId);
    txn.putComment(result.entity());
    txn.append(syncId, op, result.outcome(), null, result.entity().state());
    record(txn, result.conflicts(), conflicts);
    entries.add(new DeltaEntry(syncId, op, null, result.entity().state()));
    boolean exact =
        prior != null
            && result.outcome() == Outcome.APPLIED
            && result.conflicts().isEmpty()
            && CommentState.of(op.apply(current.state().toData())).equals(result.entity().state());
    return exact(op, syncId, result.outcome(), exact ? prior : null);
  }

  /**
   * After a stale answer in a batch, what is left of it is not applied under the stale identity:
   * the client numbers it anew. Operations the server already holds under their own (client,
   * sequence) are still answered as duplicates, so the client drops them instead of sending them
   * twice.
   */
  private static AckResult staleOrDuplicate(PushTransaction txn, String clientId, Op sent) {
    Optional<PriorResult> prior = txn.findBySeq(clientId, sent.seq());
    if (prior.isPresent() && !usedByAnother(prior.get(), sent)) {
      PriorResult earlier = prior.get();
      return earlier.outcome() == Outcome.REJECTED
          ? new AckResult(
              sent.id(), sent.seq(), null, Outcome.REJECTED, earlier.code(), earlier.message())
          : new AckResult(sent.id(), sent.seq(), earlier.syncId(), Outcome.DUPLICATE, null, null);
    }
    return new AckResult(
        sent.id(),
        sent.seq(),
        null,
        Outcome.REJECTED,
        ErrorCode.STALE_CLIENT,
        "an earlier operation of this batch showed this client id is shared: not applied");
  }

  /**
   * Whether the (client, sequence) slot of {@code sent} holds another operation: two profiles share
   * one client id (a copied file, a restored backup). A compacted slot has no op id left to compare
   * and counts as the same operation.
   */
  private static boolean usedByAnother(PriorResult prior, Op sent) {
    return prior.opId() != null && !prior.opId().equals(sent.id());
  }

  private static AckResult stale(Op sent, PriorResult prior) {
    // Not recorded: the client sends it again under a new client id.
    return new AckResult(
        sent.id(),
        sent.seq(),
        null,
        Outcome.REJECTED,
        ErrorCode.STALE_CLIENT,
        "sequence number "
            + sent.seq()
            + " of client "
            + sent.clientId()
            + " already holds operation "
            + prior.opId()
            + ": this profile was copied or restored from a backup; take a new client id");
  }

  private static StoredIssue existingIssue(PushTransaction txn, String id, String team) {
    return txn.issue(id)
        .filter(issue -> issue.state().team().equals(team))
        .orElseThrow(() -> new InvalidInputException("no issue " + id + " in team " + team));
  }

  private static void record(
      PushTransaction txn, List<ConflictRecord> raised, List<ConflictRecord> conflicts) {
    for (ConflictRecord conflict : raised) {
      txn.addConflict(conflict);
      conflicts.add(conflict);
    }
  }

  /**
   * An update's answer; {@code prior}, when not null, tells the author the update took effect
   * exactly as its own apply on the entity's state at that sync id (docs/sync.md, "Confirming from
   * the ack").
   */
  private static AckResult exact(Op op, long syncId, Outcome outcome, Long prior) {
    return new AckResult(op.id(), op.seq(), syncId, outcome, null, null, null, prior);
  }

  private static AckResult reject(PushTransaction txn, Op op, ErrorCode code, String message) {
    txn.reject(op, code, message);
    return rejected(op, code, message);
  }

  private static AckResult rejected(Op op, ErrorCode code, String message) {
    return new AckResult(op.id(), op.seq(), null, Outcome.REJECTED, code, message);
  }
}
