package dev.tern.replica;

import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.List;

/**
 * What {@code tern new} asks for. Null means the default: no description, state {@code todo},
 * priority none, no assignee, the profile's default team, no parent.
 */
public record NewIssue(
    String title,
    String description,
    State state,
    Priority priority,
    String assignee,
    List<String> labels,
    Long estimate,
    String team,
    String parentRef) {

  public static NewIssue titled(String title) {
    return new NewIssue(title, null, null, null, null, List.of(), null, null, null);
  }
}
