package dev.tern.replica;

import dev.tern.op.Change;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import java.util.Map;

/** Builds the typed changes of an edit, field by field, against the issue as it is now. */
final class FieldEdits {
  private FieldEdits() {}

  /** Adds a change of {@code field} to {@code value} when it differs from the current value. */
  static void put(
      Map<IssueField, Change<?>> changes, IssueData current, IssueField field, Object value) {
    if (value != null && !value.equals(current.get(field))) {
      field.validate(value);
      changes.put(field, new Change<>(value, current.get(field)));
    }
  }

  /** Adds a change that clears {@code field} (a description is cleared to empty text). */
  static void unset(Map<IssueField, Change<?>> changes, IssueData current, IssueField field) {
    Object now = current.get(field);
    if (field == IssueField.DESCRIPTION) {
      if (!"".equals(now)) {
        changes.put(field, new Change<>("", now));
      }
    } else if (now != null) {
      changes.put(field, new Change<>(null, now));
    }
  }
}
