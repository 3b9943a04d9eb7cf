package dev.tern.protocol;

import dev.tern.op.Fields;

/**
 * An issue's whole state on the server. The values of fields that operations change are in their
 * {@link Fields} text forms (priority {@code "2"}, labels {@code "bug,ui"}, archived {@code
 * "true"}); a client upserts this record into its synced tables as it is.
 *
 * @param number the per-team number the server gave at the create
 */
public record IssueState(
    String id,
    String team,
    long number,
    String title,
    String description,
    String state,
    String priority,
    String assignee,
    String labels,
    String estimate,
    String parent,
    String creator,
    long createdAt,
    long updatedAt,
    String archived) {

  /** The value of one {@link Fields#ISSUE_FIELDS} field. */
  public String field(String name) {
    return switch (name) {
      case Fields.TITLE -> title;
      case Fields.DESCRIPTION -> description;
      case Fields.STATE -> state;
      case Fields.PRIORITY -> priority;
      case Fields.ASSIGNEE -> assignee;
      case Fields.LABELS -> labels;
      case Fields.ESTIMATE -> estimate;
      case Fields.PARENT -> parent;
      case Fields.ARCHIVED -> archived;
      default -> throw new IllegalArgumentException("not an issue field: " + name);
    };
  }

  /** A copy with one {@link Fields#ISSUE_FIELDS} field set. */
  public IssueState with(String name, String value) {
    return new IssueState(
        id,
        team,
        number,
        name.equals(Fields.TITLE) ? value : title,
        name.equals(Fields.DESCRIPTION) ? value : description,
        name.equals(Fields.STATE) ? value : state,
        name.equals(Fields.PRIORITY) ? value : priority,
        name.equals(Fields.ASSIGNEE) ? value : assignee,
        name.equals(Fields.LABELS) ? value : labels,
        name.equals(Fields.ESTIMATE) ? value : estimate,
        name.equals(Fields.PARENT) ? value : parent,
        creator,
        createdAt,
        updatedAt,
        name.equals(Fields.ARCHIVED) ? value : archived);
  }

  public IssueState withUpdatedAt(long millis) {
    return new IssueState(
        id,
        team,
        number,
        title,
        description,
        state,
        priority,
        assignee,
        labels,
        estimate,
        parent,
        creator,
        createdAt,
        millis,
        archived);
  }

  public boolean isArchived() {
    return "true".equals(archived);
  }
}
