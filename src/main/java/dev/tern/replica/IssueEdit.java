package dev.tern.replica;

import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.List;

/**
 * The fields {@code tern edit} changes; null leaves a field as it is. {@code clearAssignee} and
 * {@code clearEstimate} unset those fields; {@code addLabels}/{@code removeLabels} change the set.
 */
public record IssueEdit(
    String title,
    String description,
    State state,
    Priority priority,
    String assignee,
    boolean clearAssignee,
    List<String> addLabels,
    List<String> removeLabels,
    Long estimate,
    boolean clearEstimate,
    String parentRef,
    Boolean archived) {

  public static IssueEdit none() {
    return new IssueEdit(
        null, null, null, null, null, false, List.of(), List.of(), null, false, null, null);
  }

  public IssueEdit withState(State newState) {
    return new IssueEdit(
        title,
        description,
        newState,
        priority,
        assignee,
        clearAssignee,
        addLabels,
        removeLabels,
        estimate,
        clearEstimate,
        parentRef,
        archived);
  }

  public IssueEdit withArchived(boolean newArchived) {
    return new IssueEdit(
        title,
        description,
        state,
        priority,
        assignee,
        clearAssignee,
        addLabels,
        removeLabels,
        estimate,
        clearEstimate,
        parentRef,
        newArchived);
  }

  public IssueEdit withDescription(String newDescription) {
    return new IssueEdit(
        title,
        newDescription,
        state,
        priority,
        assignee,
        clearAssignee,
        addLabels,
        removeLabels,
        estimate,
        clearEstimate,
        parentRef,
        archived);
  }
}
