package dev.tern.server.store;

import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.IssueState;
import java.util.Collection;
import java.util.Optional;

/**
 * One push batch, written as one transaction. Reads see the transaction's own writes. Use as {@code
 * try (var txn = store.beginPush()) { ...; txn.commit(); }}: without commit, nothing stays.
 */
public interface PushTransaction extends AutoCloseable {

  /**
   * A hint: looks up, in one go, which of these op ids are known and the current state of these
   * issues, so that the per-operation lookups that follow need no query. Results are the same
   * without it.
   */
  void preload(Collection<String> opIds, Collection<String> issueIds);

  /** The earlier answer for this client's sequence number, accepted or rejected, if any. */
  Optional<PriorResult> findBySeq(String clientId, long seq);

  /** The earlier answer for an accepted operation with this id, if any. */
  Optional<PriorResult> findByOpId(String opId);

  /** Current state of an issue, including this transaction's writes. */
  Optional<StoredIssue> issue(String id);

  /** Current state of a comment, including this transaction's writes. */
  Optional<StoredComment> comment(String id);

  /** Takes the next per-team issue number (1, 2, 3, ...). Throws for an unknown team. */
  long nextIssueNumber(String team);

  /**
   * The sync id of the newest log entry of issue {@code id}, this batch's included, or null when
   * the store does not know it (an issue last written before it kept track). Only for an issue
   * {@link #issue} has found.
   */
  Long lastIssueEntry(String id);

  /** The same for comment {@code id}, once {@link #comment} has found it. */
  Long lastCommentEntry(String id);

  /**
   * Reserves the next sync id of the global log. Call only for an operation that will be appended:
   * ids must stay gap-free.
   */
  long nextSyncId();

  /**
   * Appends an accepted operation under a sync id from {@link #nextSyncId()}, with its entity's
   * resulting state (exactly one of issue and comment), and records its client sequence.
   */
  void append(long syncId, Op op, Outcome outcome, IssueState issue, CommentState comment);

  /** Stores an issue's new current state. */
  void putIssue(StoredIssue issue);

  /** Stores a comment's new current state. */
  void putComment(StoredComment comment);

  /** Keeps a conflict record for its user. */
  void addConflict(ConflictRecord conflict);

  /** Remembers a rejection so that a resend of the same client sequence gets the same answer. */
  void reject(Op op, ErrorCode code, String message);

  /** Makes every write of the transaction durable at once. */
  void commit();

  /** Rolls back unless committed. */
  @Override
  void close();
}
