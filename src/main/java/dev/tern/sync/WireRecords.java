package dev.tern.sync;

import dev.tern.model.Comment;
import dev.tern.model.Conflict;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.IssueField;
import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.IssueState;
import dev.tern.replica.Ack;
import dev.tern.replica.RemoteEntry;
import dev.tern.replica.SyncState.SyncedComment;
import dev.tern.store.IssueRecord;
import dev.tern.store.SyncedTables;
import java.util.List;

/** Turns wire records into the replica's records. */
final class WireRecords {
  private WireRecords() {}

  static IssueRecord issue(IssueState state) {
    return IssueRecord.of(state.toData());
  }

  /**
   * Adds a snapshot page's issues to {@code rows}, each read as {@link IssueState#toData} reads it
   * (the same defaults, the same refusals) but straight into column values: a bootstrap converts
   * every issue of the server this way.
   */
  static void addIssues(List<IssueState> states, SyncedTables.IssueRows rows) {
    for (IssueState issue : states) {
      rows.add(
          issue.id(),
          issue.team(),
          issue.number(),
          issue.title(),
          issue.description(),
          state(issue.state()),
          priority(issue.priority()),
          issue.assignee(),
          labels(issue.labels()),
          (Long) IssueField.ESTIMATE.parse(issue.estimate()),
          issue.parent(),
          issue.creator(),
          issue.createdAt(),
          issue.updatedAt(),
          "true".equals(issue.archived()));
    }
  }

  private static final State[] STATES = State.values();
  private static final Priority[] PRIORITIES = Priority.values();

  /** A state by its wire name, as servers send it; any other spelling as the field parses it. */
  private static State state(String text) {
    if (text == null) {
      return State.TODO;
    }
    for (State state : STATES) {
      if (state.wireName().equals(text)) {
        return state;
      }
    }
    return (State) IssueField.STATE.parse(text);
  }

  /**
   * A priority by its level digit, as servers send it; any other spelling as the field parses it.
   */
  private static Priority priority(String text) {
    if (text == null) {
      return Priority.NONE;
    }
    if (text.length() == 1) {
      int level = text.charAt(0) - '0';
      if (level >= 0 && level < PRIORITIES.length && PRIORITIES[level].level() == level) {
        return PRIORITIES[level];
      }
    }
    return (Priority) IssueField.PRIORITY.parse(text);
  }

  /**
   * Labels in their text form: without a comma the text already is (one label, or none); a list is
   * sorted and de-duplicated as the field's parse and format do it.
   */
  private static String labels(String text) {
    if (text == null) {
      return "";
    }
    if (text.indexOf(',') < 0) {
      return text;
    }
    return IssueField.LABELS.format(IssueField.LABELS.parse(text));
  }

  static SyncedComment comment(CommentState state) {
    return new SyncedComment(
        new Comment(
            state.id(),
            state.issue(),
            state.author(),
            state.writtenBy(),
            state.body(),
            state.createdAt()),
        "true".equals(state.deleted()));
  }

  static RemoteEntry entry(DeltaEntry entry) {
    if (entry.issue() != null) {
      return new RemoteEntry(entry.syncId(), entry.op(), issue(entry.issue()), null, false);
    }
    SyncedComment comment = comment(entry.comment());
    return new RemoteEntry(entry.syncId(), entry.op(), null, comment.comment(), comment.deleted());
  }

  static Conflict conflict(ConflictRecord record, long receivedAt) {
    return new Conflict(
        record.id(),
        record.syncId(),
        record.issue(),
        record.field(),
        record.base(),
        record.theirs(),
        record.mine(),
        record.theirActor(),
        record.theirStamp(),
        record.myStamp(),
        record.myOpId(),
        Conflict.Status.OPEN,
        receivedAt);
  }

  /**
   * A server repeats an earlier rejection as {@code rejected}; a {@code duplicate} without a sync
   * id is an operation it applied whose log entry was compacted away since: applied, not rejected.
   */
  static Ack ack(AckResult result) {
    boolean rejected =
        result.outcome() == Outcome.REJECTED
            || result.syncId() == null && result.outcome() != Outcome.DUPLICATE;
    String reason =
        rejected
            ? (result.code() == null ? "" : result.code().wireName() + ": ")
                + (result.message() == null ? "rejected" : result.message())
            : null;
    return rejected
        ? new Ack(result.opId(), result.syncId(), Outcome.REJECTED, reason)
        : new Ack(
            result.opId(),
            result.syncId(),
            result.outcome(),
            null,
            result.number(),
            result.prior());
  }
}
