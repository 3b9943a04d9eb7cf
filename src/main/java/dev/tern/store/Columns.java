package dev.tern.store;

import dev.tern.model.Comment;
import dev.tern.model.Issue;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The columns of the issue and comment tables, which both families ({@link IssueTable}) share, and
 * how their rows map to records and back.
 */
final class Columns {
  private Columns() {}

  static final String ISSUE_COLUMNS =
      "id, team, number, title, description, state, priority, assignee, labels, estimate, parent,"
          + " creator, created_at, updated_at, archived";

  static final String COMMENT_COLUMNS =
      "id, issue_id, author, written_by, body, created_at, deleted";
  static final String EXCLUDED_ISSUE = excluded(ISSUE_COLUMNS);
  static final String EXCLUDED_COMMENT = excluded(COMMENT_COLUMNS);
  static final String ISSUE_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String COMMENT_VALUES = "(?, ?, ?, ?, ?, ?, ?)";

  /** {@code a = excluded.a, b = excluded.b, ...} for every column but the id. */
  private static String excluded(String columns) {
    List<String> sets = new ArrayList<>();
    for (String column : columns.split(",\\s*")) {
      if (!column.equals("id")) {
        sets.add(column + " = excluded." + column);
      }
    }
    return String.join(", ", sets);
  }

  /**
   * The values of {@link #COMMENT_COLUMNS} for a comment, in column form; {@code deleted} is the
   * last column's value.
   */
  static Object[] commentArguments(Comment comment, boolean deleted) {
    return new Object[] {
      comment.id(),
      comment.issueId(),
      comment.author(),
      comment.writtenBy(),
      comment.body(),
      comment.createdAt(),
      deleted ? 1 : 0
    };
  }

  /** The values of {@link #ISSUE_COLUMNS} for a record, in column form. */
  static Object[] issueArguments(IssueRecord record) {
    Map<String, String> fields = record.fields();
    return new Object[] {
      record.id(),
      record.team(),
      record.number(),
      fields.get(IssueField.TITLE.wireName()),
      nonNull(fields.get(IssueField.DESCRIPTION.wireName())),
      fields.get(IssueField.STATE.wireName()),
      column(
          IssueField.PRIORITY.wireName(), nonNull(fields.get(IssueField.PRIORITY.wireName()), "0")),
      fields.get(IssueField.ASSIGNEE.wireName()),
      nonNull(fields.get(IssueField.LABELS.wireName())),
      column(IssueField.ESTIMATE.wireName(), fields.get(IssueField.ESTIMATE.wireName())),
      fields.get(IssueField.PARENT.wireName()),
      record.creator(),
      record.createdAt(),
      record.updatedAt(),
      column(
          IssueField.ARCHIVED.wireName(),
          nonNull(fields.get(IssueField.ARCHIVED.wireName()), "false"))
    };
  }

  /**
   * The values of {@link #ISSUE_COLUMNS} for a typed issue: the same as {@code
   * issueArguments(IssueRecord.of(issue))} without the map of formatted fields in between (an
   * import writes one per issue: docs/performance.md, "Import").
   */
  static Object[] issueArguments(IssueData issue) {
    // IssueData keeps its labels sorted, so they join as Labels.format would write them.
    return issueArguments(
        issue.id(),
        issue.team(),
        issue.number(),
        issue.title(),
        issue.description(),
        issue.state(),
        issue.priority(),
        issue.assignee(),
        String.join(",", issue.labels()),
        issue.estimate(),
        issue.parent(),
        issue.creator(),
        issue.createdAt(),
        issue.updatedAt(),
        issue.archived());
  }

  /**
   * The values of {@link #ISSUE_COLUMNS} from typed values, for a writer that has them without an
   * issue record (an import, a snapshot page). {@code labels} is in {@link IssueField#LABELS}' text
   * form; a null description is stored as empty.
   */
  static Object[] issueArguments(
      String id,
      String team,
      Long number,
      String title,
      String description,
      State state,
      Priority priority,
      String assignee,
      String labels,
      Long estimate,
      String parent,
      String creator,
      long createdAt,
      long updatedAt,
      boolean archived) {
    return new Object[] {
      id,
      team,
      number,
      title,
      nonNull(description),
      state.wireName(),
      (long) priority.level(),
      assignee,
      labels,
      estimate,
      parent,
      creator,
      createdAt,
      updatedAt,
      archived ? 1 : 0
    };
  }

  static IssueRecord toRecord(ResultSet rows) throws SQLException {
    Map<String, String> fields = new TreeMap<>();
    fields.put(IssueField.TITLE.wireName(), rows.getString(4));
    fields.put(IssueField.DESCRIPTION.wireName(), rows.getString(5));
    fields.put(IssueField.STATE.wireName(), rows.getString(6));
    fields.put(IssueField.PRIORITY.wireName(), Integer.toString(rows.getInt(7)));
    fields.put(IssueField.ASSIGNEE.wireName(), rows.getString(8));
    fields.put(IssueField.LABELS.wireName(), rows.getString(9));
    long estimate = rows.getLong(10);
    fields.put(IssueField.ESTIMATE.wireName(), rows.wasNull() ? null : Long.toString(estimate));
    fields.put(IssueField.PARENT.wireName(), rows.getString(11));
    fields.put(IssueField.ARCHIVED.wireName(), Boolean.toString(rows.getInt(15) != 0));
    long number = rows.getLong(3);
    Long maybeNumber = rows.wasNull() ? null : number;
    return new IssueRecord(
        rows.getString(1),
        rows.getString(2),
        maybeNumber,
        rows.getString(12),
        rows.getLong(13),
        rows.getLong(14),
        fields);
  }

  static Issue toIssue(ResultSet rows, List<Comment> comments) throws SQLException {
    long number = rows.getLong(3);
    Long maybeNumber = rows.wasNull() ? null : number;
    long estimate = rows.getLong(10);
    Long maybeEstimate = rows.wasNull() ? null : estimate;
    return new Issue(
        rows.getString(1),
        rows.getString(2),
        maybeNumber,
        rows.getString(4),
        rows.getString(5),
        State.parse(rows.getString(6)),
        Priority.ofLevel(rows.getInt(7)),
        rows.getString(8),
        Labels.parse(rows.getString(9)),
        maybeEstimate,
        rows.getString(11),
        rows.getString(12),
        rows.getLong(13),
        rows.getLong(14),
        rows.getInt(15) != 0,
        comments);
  }

  /** The issue a record holds, in the same form as {@link #toIssue(ResultSet, List)} reads it. */
  static Issue toIssue(IssueRecord record, List<Comment> comments) {
    Map<String, String> fields = record.fields();
    String estimate = fields.get(IssueField.ESTIMATE.wireName());
    String priority = fields.get(IssueField.PRIORITY.wireName());
    return new Issue(
        record.id(),
        record.team(),
        record.number(),
        fields.get(IssueField.TITLE.wireName()),
        nonNull(fields.get(IssueField.DESCRIPTION.wireName())),
        State.parse(fields.get(IssueField.STATE.wireName())),
        Priority.ofLevel(priority == null ? 0 : Integer.parseInt(priority)),
        fields.get(IssueField.ASSIGNEE.wireName()),
        Labels.parse(nonNull(fields.get(IssueField.LABELS.wireName()))),
        estimate == null ? null : Long.parseLong(estimate),
        fields.get(IssueField.PARENT.wireName()),
        record.creator(),
        record.createdAt(),
        record.updatedAt(),
        "true".equals(fields.get(IssueField.ARCHIVED.wireName())),
        comments);
  }

  static Comment toComment(ResultSet rows) throws SQLException {
    return new Comment(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getLong(6));
  }

  /** Converts a field's text form to the value its column stores. */
  static Object column(String field, String value) {
    if (value == null) {
      return null;
    }
    return switch (field) {
      case "priority", "estimate" -> Long.parseLong(value);
      case "archived", "deleted" -> "true".equals(value) ? 1 : 0;
      default -> value;
    };
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static String nonNull(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
