package dev.tern.replica;

import dev.tern.model.Comment;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.op.Change;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import dev.tern.op.Op;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import dev.tern.store.IssueRecord;
import dev.tern.store.IssueTable;
import dev.tern.store.LoggedOp;
import dev.tern.store.OpStack;
import dev.tern.store.StoreTxn;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Undo and redo: each takes the last action off its stack and reverses it with a new operation,
 * which syncs and shows in history like any edit (docs/architecture.md, "Undo and redo").
 */
final class UndoRedo {
  private UndoRedo() {}

  /**
   * Reverses the action on top of {@code stack} inside {@code txn}; empty when the stack is empty.
   * The written operation is null when there was nothing left to reverse.
   */
  static Optional<Replica.Reversal> reverse(
      Replica replica, StoreTxn txn, OpStack stack, Replica.Undo kind, boolean force) {
    Optional<String> top = stack.pop();
    if (top.isEmpty()) {
      return Optional.empty();
    }
    LoggedOp target = txn.opLog().op(top.get()).orElseThrow();
    Op original = target.op();
    Op written = null;
    switch (original.kind()) {
      case CREATE_ISSUE, UPDATE_ISSUE -> {
        Optional<IssueRecord> current = txn.issues().record(IssueTable.VIEW, target.issue());
        if (current.isPresent()) {
          Map<IssueField, Change<?>> changes = inverse(original, current.get().toData(), force);
          if (!changes.isEmpty()) {
            written =
                replica.record(
                    txn,
                    original.entity(),
                    target.issue(),
                    original.team(),
                    header -> new UpdateIssue(header, changes),
                    kind);
          }
        }
      }
      case CREATE_COMMENT, UPDATE_COMMENT -> {
        if (original instanceof UpdateComment edit && edit.body() != null) {
          written = reverseBodyEdit(replica, txn, target, edit, kind, force);
          break;
        }
        boolean deleted = txn.comments().isDeleted(IssueTable.VIEW, original.entity());
        // Undoing a comment hides it; undoing a delete or restore goes back to what it saw.
        boolean wanted =
            original instanceof UpdateComment update
                ? Boolean.TRUE.equals(update.deleted().base())
                : true;
        if (txn.comments().get(IssueTable.VIEW, original.entity()).isPresent()
            && deleted != wanted) {
          written =
              replica.record(
                  txn,
                  original.entity(),
                  target.issue(),
                  original.team(),
                  header -> new UpdateComment(header, new Change<>(wanted, deleted)),
                  kind);
        }
      }
    }
    String key = txn.issues().get(target.issue()).map(Issue::key).orElse(target.issue());
    return Optional.of(new Replica.Reversal(LogEntry.of(target), written, key));
  }

  /**
   * Puts a comment's text back to what an edit saw, if the comment still shows that edit's text;
   * otherwise refuses (someone changed it since) unless {@code force}. Null when nothing changes.
   */
  private static Op reverseBodyEdit(
      Replica replica,
      StoreTxn txn,
      LoggedOp target,
      UpdateComment edit,
      Replica.Undo kind,
      boolean force) {
    Optional<Comment> current = txn.comments().get(IssueTable.VIEW, edit.entity());
    if (current.isEmpty()) {
      return null;
    }
    String now = current.get().body();
    if (!now.equals(edit.body().value()) && !force) {
      throw new InvalidInputException(
          "not undone: the comment has changed since your edit (someone else's edit, or a"
              + " collision you lost; see tern history and tern conflicts). tern undo --force"
              + " writes your old text over it.");
    }
    String before = edit.body().base();
    if (before == null || before.equals(now)) {
      return null;
    }
    return replica.record(
        txn,
        edit.entity(),
        target.issue(),
        edit.team(),
        header -> new UpdateComment(header, null, new Change<>(before, now)),
        kind);
  }

  /**
   * The changes that take an issue back to before {@code original}: each field returns to the value
   * its author saw (a create is reversed by archiving). Labels reverse as a set difference, so
   * labels others added meanwhile stay.
   */
  private static Map<IssueField, Change<?>> inverse(Op original, IssueData current, boolean force) {
    Map<IssueField, Change<?>> changes = new EnumMap<>(IssueField.class);
    if (!(original instanceof UpdateIssue update)) {
      FieldEdits.put(changes, current, IssueField.ARCHIVED, true);
      return changes;
    }
    // Undo puts back your base only where the field still holds your value: where someone else
    // (or a collision you lost) changed it since, writing the base would silently undo their edit.
    List<String> changedSince = new ArrayList<>();
    update
        .fields()
        .forEach(
            (field, change) -> {
              if (field != IssueField.LABELS
                  && !Objects.equals(
                      shown(field, current.get(field)), shown(field, change.value()))) {
                changedSince.add(field.wireName());
              }
            });
    if (!changedSince.isEmpty() && !force) {
      throw new InvalidInputException(
          "not undone: "
              + String.join(", ", changedSince)
              + (changedSince.size() == 1 ? " has" : " have")
              + " changed since your edit (someone else's edit, or a collision you lost; see tern"
              + " history and tern conflicts). tern undo --force writes your old value over it.");
    }
    update
        .fields()
        .forEach(
            (field, change) -> {
              if (field == IssueField.LABELS) {
                Change<?> reversed = new Change<>(change.base(), change.value());
                SortedSet<String> after = UpdateIssue.applyLabels(current.labels(), reversed);
                if (!after.equals(current.labels())) {
                  changes.put(field, new Change<>(after, current.labels()));
                }
              } else if (change.base() == null) {
                FieldEdits.unset(changes, current, field);
              } else {
                FieldEdits.put(changes, current, field, change.base());
              }
            });
    return changes;
  }

  /** A value as compared for undo: a missing description is the empty one. */
  private static Object shown(IssueField field, Object value) {
    return field == IssueField.DESCRIPTION && value == null ? "" : value;
  }
}
