package dev.tern.op;

import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.SortedSet;

/**
 * An issue's fields as the rule book reads and writes them: typed, without its comments. The
 * client's view and the server's state both become this to apply an operation, so the two can never
 * disagree about what an operation does.
 *
 * @param number the per-team number the server gives at the create; null before that
 * @param labels an unmodifiable sorted set
 */
public record IssueData(
    String id,
    String team,
    Long number,
    String title,
    String description,
    State state,
    Priority priority,
    String assignee,
    SortedSet<String> labels,
    Long estimate,
    String parent,
    String creator,
    long createdAt,
    long updatedAt,
    boolean archived) {

  public IssueData {
    labels = IssueField.labels(labels);
  }

  /** The typed value of one field. */
  public Object get(IssueField field) {
    return switch (field) {
      case TITLE -> title;
      case DESCRIPTION -> description;
      case STATE -> state;
      case PRIORITY -> priority;
      case ASSIGNEE -> assignee;
      case LABELS -> labels;
      case ESTIMATE -> estimate;
      case PARENT -> parent;
      case ARCHIVED -> archived;
    };
  }

  /** A copy with one field set to a typed value (see {@link IssueField} for the types). */
  public IssueData with(IssueField field, Object value) {
    return new IssueData(
        id,
        team,
        number,
        field == IssueField.TITLE ? (String) value : title,
        field == IssueField.DESCRIPTION ? (String) value : description,
        field == IssueField.STATE ? (State) value : state,
        field == IssueField.PRIORITY ? (Priority) value : priority,
        field == IssueField.ASSIGNEE ? (String) value : assignee,
        field == IssueField.LABELS ? IssueField.labelSet(value) : labels,
        field == IssueField.ESTIMATE ? (Long) value : estimate,
        field == IssueField.PARENT ? (String) value : parent,
        creator,
        createdAt,
        updatedAt,
        field == IssueField.ARCHIVED ? (Boolean) value : archived);
  }

  public IssueData withUpdatedAt(long millis) {
    return new IssueData(
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

  public IssueData withNumber(Long newNumber) {
    return new IssueData(
        id,
        team,
        newNumber,
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
        updatedAt,
        archived);
  }
}
