package dev.tern.replica;

import dev.tern.model.Comment;
import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Op;
import dev.tern.store.IssueRecord;
import dev.tern.store.IssueTable;
import dev.tern.store.StoreTxn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The effect of one operation on a family of tables. The same code applies a fresh local action to
 * the view and re-applies pending actions during a rebase, so both always agree.
 */
final class OpEffect {
  private OpEffect() {}

  /**
   * Applies {@code op}. Writes onto an entity that is missing (removed by the server, or never
   * synced) are skipped: there is nothing to show them on.
   */
  static void apply(StoreTxn txn, IssueTable table, Op op) {
    switch (op.kind()) {
      case CREATE_ISSUE -> createIssue(txn, table, op);
      case UPDATE_ISSUE -> updateIssue(txn, table, op);
      case CREATE_COMMENT -> createComment(txn, table, op);
      case UPDATE_COMMENT -> {
        Change deleted = op.change(Fields.DELETED);
        if (deleted != null && txn.comments().get(table, op.entity()).isPresent()) {
          txn.comments().setDeleted(table, op.entity(), "true".equals(deleted.value()));
        }
      }
    }
  }

  private static void createIssue(StoreTxn txn, IssueTable table, Op op) {
    if (txn.issues().record(table, op.entity()).isPresent()) {
      return;
    }
    Map<String, String> fields = new TreeMap<>(op.values());
    String createdAt = fields.remove(Fields.CREATED_AT);
    long created = createdAt != null ? Long.parseLong(createdAt) : op.stamp().millis();
    txn.issues()
        .insert(
            table,
            new IssueRecord(
                op.entity(), op.team(), null, op.actor(), created, op.stamp().millis(), fields));
  }

  private static void updateIssue(StoreTxn txn, IssueTable table, Op op) {
    // Only a label change needs the current row (labels apply as a set difference); other fields
    // are plain writes, and an update of a missing row changes nothing.
    Optional<IssueRecord> current =
        op.change(Fields.LABELS) == null
            ? Optional.empty()
            : txn.issues().record(table, op.entity());
    if (op.change(Fields.LABELS) != null && current.isEmpty()) {
      return;
    }
    Map<String, String> values = new LinkedHashMap<>();
    op.changes()
        .forEach(
            (field, change) ->
                values.put(
                    field,
                    Fields.LABELS.equals(field)
                        ? Fields.applyLabels(current.get().field(Fields.LABELS), change)
                        : change.value()));
    txn.issues().update(table, op.entity(), values, op.stamp().millis());
  }

  private static void createComment(StoreTxn txn, IssueTable table, Op op) {
    if (txn.comments().get(table, op.entity()).isPresent()) {
      return;
    }
    String issue = op.change(Fields.ISSUE).value();
    if (txn.issues().record(table, issue).isEmpty()) {
      return;
    }
    Change createdAt = op.change(Fields.CREATED_AT);
    long created = createdAt != null ? Long.parseLong(createdAt.value()) : op.stamp().millis();
    Change author = op.change(Fields.AUTHOR);
    txn.comments()
        .insert(
            table,
            new Comment(
                op.entity(),
                issue,
                author != null ? author.value() : op.actor(),
                op.change(Fields.BODY).value(),
                created));
  }
}
