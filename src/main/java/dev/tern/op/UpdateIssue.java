package dev.tern.op;

import dev.tern.model.InvalidInputException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Changes fields of an existing issue; each change carries the base value its author saw. Closing,
 * reopening, archiving and labelling are all updates.
 *
 * @param fields typed values and bases, by field
 */
public record UpdateIssue(OpHeader header, Map<IssueField, Change<?>> fields) implements Op {

  public UpdateIssue {
    EnumMap<IssueField, Change<?>> copy = new EnumMap<>(IssueField.class);
    copy.putAll(fields);
    fields = Collections.unmodifiableMap(copy);
  }

  /** This update's change of {@code field}, or null. */
  public Change<?> change(IssueField field) {
    return fields.get(field);
  }

  @Override
  public Kind kind() {
    return Kind.UPDATE_ISSUE;
  }

  @Override
  public SortedMap<String, Change<String>> changes() {
    SortedMap<String, Change<String>> text = new TreeMap<>();
    fields.forEach(
        (field, change) ->
            text.put(
                field.wireName(),
                new Change<>(field.format(change.value()), field.format(change.base()))));
    return text;
  }

  static UpdateIssue fromText(OpHeader header, Map<String, Change<String>> text, boolean stored) {
    Map<IssueField, Change<?>> changes = new EnumMap<>(IssueField.class);
    for (Map.Entry<String, Change<String>> entry : text.entrySet()) {
      IssueField field = CreateIssue.fieldOf(Kind.UPDATE_ISSUE, entry.getKey());
      changes.put(
          field,
          new Change<>(
              field.parse(entry.getValue().value()), base(field, entry.getValue().base(), stored)));
    }
    return new UpdateIssue(header, changes);
  }

  private static Object base(IssueField field, String text, boolean stored) {
    try {
      return field.parse(text);
    } catch (InvalidInputException e) {
      if (stored) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public void validate() {
    if (fields.isEmpty()) {
      throw new InvalidInputException("an update must change at least one field");
    }
    fields.forEach((field, change) -> field.validate(change.value()));
  }

  /**
   * The issue after this update: every changed field takes its new value, except labels, which
   * apply as a set difference (the labels this change added are added, the ones it removed are
   * removed, others stay), so concurrent label edits commute. The issue was last updated at the
   * later of its previous update and this operation's stamp.
   */
  public IssueData apply(IssueData current) {
    IssueData next = current;
    for (Map.Entry<IssueField, Change<?>> entry : fields.entrySet()) {
      IssueField field = entry.getKey();
      Object value =
          field == IssueField.LABELS
              ? applyLabels(current.labels(), entry.getValue())
              : entry.getValue().value();
      next = next.with(field, value);
    }
    return next.withUpdatedAt(Math.max(current.updatedAt(), header.stamp().millis()));
  }

  /** A label change applied to a current set: its additions added, its removals removed. */
  public static SortedSet<String> applyLabels(SortedSet<String> current, Change<?> change) {
    SortedSet<String> before = IssueField.labelSet(change.base());
    SortedSet<String> after = IssueField.labelSet(change.value());
    SortedSet<String> result = new TreeSet<>(current);
    for (String label : before) {
      if (!after.contains(label)) {
        result.remove(label);
      }
    }
    for (String label : after) {
      if (!before.contains(label)) {
        result.add(label);
      }
    }
    return IssueField.labels(result);
  }
}
