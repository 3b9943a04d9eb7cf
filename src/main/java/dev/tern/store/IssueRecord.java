package dev.tern.store;

import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An issue row in the text form operations use: {@code fields} holds every field of {@link
 * dev.tern.op.IssueField}, by wire name, so a base value can be read straight from it.
 */
public record IssueRecord(
    String id,
    String team,
    Long number,
    String creator,
    long createdAt,
    long updatedAt,
    Map<String, String> fields) {

  public String field(String name) {
    return fields.get(name);
  }

  /** The row of a typed issue. */
  public static IssueRecord of(IssueData issue) {
    Map<String, String> fields = new TreeMap<>();
    for (IssueField field : IssueField.values()) {
      fields.put(field.wireName(), field.format(issue.get(field)));
    }
    return new IssueRecord(
        issue.id(),
        issue.team(),
        issue.number(),
        issue.creator(),
        issue.createdAt(),
        issue.updatedAt(),
        fields);
  }

  /** The typed issue of this row. */
  public IssueData toData() {
    return new IssueData(
        id,
        team,
        number,
        field(IssueField.TITLE.wireName()),
        Objects.requireNonNullElse(field(IssueField.DESCRIPTION.wireName()), ""),
        (State) parse(IssueField.STATE),
        (Priority) parse(IssueField.PRIORITY),
        field(IssueField.ASSIGNEE.wireName()),
        IssueField.labelSet(parse(IssueField.LABELS)),
        (Long) parse(IssueField.ESTIMATE),
        field(IssueField.PARENT.wireName()),
        creator,
        createdAt,
        updatedAt,
        (Boolean) parse(IssueField.ARCHIVED));
  }

  private Object parse(IssueField field) {
    return field.parse(field(field.wireName()));
  }
}
