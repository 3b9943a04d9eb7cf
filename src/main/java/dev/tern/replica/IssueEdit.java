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

  public IssueEdit withTitle(String newTitle) {
    return toBuilder().title(newTitle).build();
  }

  public IssueEdit withDescription(String newDescription) {
    return toBuilder().description(newDescription).build();
  }

  public IssueEdit withState(State newState) {
    return toBuilder().state(newState).build();
  }

  public IssueEdit withPriority(Priority newPriority) {
    return toBuilder().priority(newPriority).build();
  }

  /** Adds {@code add} and removes {@code remove} from the label set. */
  public IssueEdit withLabels(List<String> add, List<String> remove) {
    Builder builder = toBuilder();
    builder.addLabels = List.copyOf(add);
    builder.removeLabels = List.copyOf(remove);
    return builder.build();
  }

  public IssueEdit withArchived(boolean newArchived) {
    Builder builder = toBuilder();
    builder.archived = newArchived;
    return builder.build();
  }

  private Builder toBuilder() {
    Builder builder = new Builder();
    builder.title = title;
    builder.description = description;
    builder.state = state;
    builder.priority = priority;
    builder.assignee = assignee;
    builder.clearAssignee = clearAssignee;
    builder.addLabels = addLabels;
    builder.removeLabels = removeLabels;
    builder.estimate = estimate;
    builder.clearEstimate = clearEstimate;
    builder.parentRef = parentRef;
    builder.archived = archived;
    return builder;
  }

  /** The one place that copies an edit field by field. */
  private static final class Builder {
    String title;
    String description;
    State state;
    Priority priority;
    String assignee;
    boolean clearAssignee;
    List<String> addLabels;
    List<String> removeLabels;
    Long estimate;
    boolean clearEstimate;
    String parentRef;
    Boolean archived;

    Builder title(String value) {
      title = value;
      return this;
    }

    Builder description(String value) {
      description = value;
      return this;
    }

    Builder state(State value) {
      state = value;
      return this;
    }

    Builder priority(Priority value) {
      priority = value;
      return this;
    }

    IssueEdit build() {
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
          archived);
    }
  }
}
