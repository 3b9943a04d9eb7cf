package dev.tern.sync;

import dev.tern.model.Comment;
import dev.tern.model.Conflict;
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

/** Turns wire records into the replica's records. */
final class WireRecords {
  private WireRecords() {}

  static IssueRecord issue(IssueState state) {
    return IssueRecord.of(state.toData());
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
