package dev.tern.store;

import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.List;

/**
 * What {@code tern ls} asks for. Null means "no filter"; an empty {@code states} means the open
 * states. {@code search} is matched as words (each a prefix) against titles, descriptions and
 * comments.
 */
public record IssueQuery(
    List<State> states,
    String assignee,
    String label,
    Priority priority,
    String team,
    String search,
    Sort sort,
    int limit,
    boolean includeArchived) {

  /** Sort orders, each in its natural direction. */
  public enum Sort {
    UPDATED("updated_at DESC"),
    CREATED("created_at DESC"),
    PRIORITY("CASE priority WHEN 0 THEN 5 ELSE priority END, updated_at DESC"),
    STATE(
        "CASE state WHEN 'backlog' THEN 0 WHEN 'todo' THEN 1 WHEN 'in_progress' THEN 2"
            + " WHEN 'done' THEN 3 ELSE 4 END, updated_at DESC"),
    TITLE("title COLLATE NOCASE, updated_at DESC"),
    KEY("team, number IS NULL, number, id");

    final String orderBy;

    Sort(String orderBy) {
      this.orderBy = orderBy;
    }
  }
}
