package dev.tern.replica;

import dev.tern.model.Comment;
import dev.tern.op.CommentData;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import dev.tern.op.Op;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import dev.tern.store.IssueRecord;
import dev.tern.store.IssueTable;
import dev.tern.store.StoreTxn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The effect of one operation on a family of tables: the rows are read, the operation's own {@code
 * apply} (the rule book the server reconciles with too) computes the new state, and the fields that
 * changed are written back. The same code applies a fresh local action to the view and re-applies
 * pending actions during a rebase, so both always agree.
 */
final class OpEffect {
  private OpEffect() {}

  /**
   * Applies {@code op}. Writes onto an entity that is missing (removed by the server, or never
   * synced) are skipped: there is nothing to show them on.
   */
  static void apply(StoreTxn txn, IssueTable table, Op op) {
    switch (op.kind()) {
      case CREATE_ISSUE -> createIssue(txn, table, (CreateIssue) op);
      case UPDATE_ISSUE -> updateIssue(txn, table, (UpdateIssue) op);
      case CREATE_COMMENT -> createComment(txn, table, (CreateComment) op);
      case UPDATE_COMMENT -> updateComment(txn, table, (UpdateComment) op);
    }
  }

  private static void createIssue(StoreTxn txn, IssueTable table, CreateIssue op) {
    if (txn.issues().record(table, op.entity()).isPresent()) {
      return;
    }
    txn.issues().insert(table, IssueRecord.of(op.apply()));
  }

  private static void updateIssue(StoreTxn txn, IssueTable table, UpdateIssue op) {
    Optional<IssueRecord> row = txn.issues().record(table, op.entity());
    if (row.isEmpty()) {
      return;
    }
    updateIssue(txn, table, op, row.get().toData());
  }

  /**
   * Applies an update to {@code before}, the issue's row as the caller read it in this transaction
   * (a fresh local edit has just read it to compute its bases), without reading it again.
   */
  static void updateIssue(StoreTxn txn, IssueTable table, UpdateIssue op, IssueData before) {
    IssueData after = op.apply(before);
    Map<String, String> changed = new LinkedHashMap<>();
    for (IssueField field : op.fields().keySet()) {
      if (!Objects.equals(before.get(field), after.get(field))) {
        changed.put(field.wireName(), field.format(after.get(field)));
      }
    }
    txn.issues().update(table, op.entity(), changed, after.updatedAt());
  }

  private static void createComment(StoreTxn txn, IssueTable table, CreateComment op) {
    if (txn.comments().get(table, op.entity()).isPresent()
        || txn.issues().record(table, op.issue()).isEmpty()) {
      return;
    }
    CommentData comment = op.apply();
    txn.comments()
        .insert(
            table,
            new Comment(
                comment.id(),
                comment.issue(),
                comment.author(),
                comment.writtenBy(),
                comment.body(),
                comment.createdAt()));
  }

  private static void updateComment(StoreTxn txn, IssueTable table, UpdateComment op) {
    Optional<Comment> row = txn.comments().get(table, op.entity());
    if (row.isEmpty()) {
      return;
    }
    Comment comment = row.get();
    CommentData before =
        new CommentData(
            comment.id(),
            comment.issueId(),
            comment.author(),
            comment.writtenBy(),
            comment.body(),
            comment.createdAt(),
            txn.comments().isDeleted(table, op.entity()));
    CommentData after = op.apply(before);
    if (after.deleted() != before.deleted()) {
      txn.comments().setDeleted(table, op.entity(), after.deleted());
    }
    if (!after.body().equals(before.body())) {
      txn.comments().setBody(table, op.entity(), after.body());
    }
  }
}
