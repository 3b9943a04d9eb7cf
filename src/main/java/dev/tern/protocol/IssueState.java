package dev.tern.protocol;

import dev.tern.op.IssueData;
import dev.tern.op.IssueField;

/**
 * An issue's whole state on the server, in its wire form: the fields operations change are in their
 * {@link IssueField} text forms (priority {@code "2"}, labels {@code "bug,ui"}, archived {@code
 * "true"}).
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

  /** The wire form of a numbered issue. */
  public static IssueState of(IssueData issue) {
    return new IssueState(
        issue.id(),
        issue.team(),
        issue.number(),
        issue.title(),
        issue.description(),
        IssueField.STATE.format(issue.state()),
        IssueField.PRIORITY.format(issue.priority()),
        issue.assignee(),
        IssueField.LABELS.format(issue.labels()),
        IssueField.ESTIMATE.format(issue.estimate()),
        issue.parent(),
        issue.creator(),
        issue.createdAt(),
        issue.updatedAt(),
        IssueField.ARCHIVED.format(issue.archived()));
  }

  /**
   * The typed issue. Throws {@link dev.tern.model.InvalidInputException} when a field's text does
   * not parse; a missing description reads as empty, missing state and priority as the create
   * defaults.
   */
  public IssueData toData() {
    return new IssueData(
        id,
        team,
        number,
        title,
        description == null ? "" : description,
        state == null
            ? dev.tern.model.State.TODO
            : (dev.tern.model.State) IssueField.STATE.parse(state),
        priority == null
            ? dev.tern.model.Priority.NONE
            : (dev.tern.model.Priority) IssueField.PRIORITY.parse(priority),
        assignee,
        IssueField.labelSet(IssueField.LABELS.parse(labels)),
        (Long) IssueField.ESTIMATE.parse(estimate),
        parent,
        creator,
        createdAt,
        updatedAt,
        "true".equals(archived));
  }
}
