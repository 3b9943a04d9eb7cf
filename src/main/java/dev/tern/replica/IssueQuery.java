package dev.tern.replica;

import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.store.IssueRows;
import java.util.Arrays;
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

  private static final List<State> OPEN_STATES =
      Arrays.stream(State.values()).filter(State::isOpen).toList();

  /** Sort orders, each in its natural direction. */
  public enum Sort {
    /** Most recently updated first. */
    UPDATED,
    /** Newest first. */
    CREATED,
    /** Urgent first, no priority last. */
    PRIORITY,
    /** In workflow order: backlog, todo, in progress, done, canceled. */
    STATE,
    /** By title, ignoring case. */
    TITLE,
    /** By key, issues without a number yet last. */
    KEY
  }

  /** The store's form of this query, with the open states filled in. */
  IssueRows.Query forStore() {
    IssueRows.Order order =
        switch (sort) {
          case UPDATED -> IssueRows.Order.UPDATED;
          case CREATED -> IssueRows.Order.CREATED;
          case PRIORITY -> IssueRows.Order.PRIORITY;
          case STATE -> IssueRows.Order.STATE;
          case TITLE -> IssueRows.Order.TITLE;
          case KEY -> IssueRows.Order.KEY;
        };
    return new IssueRows.Query(
        states.isEmpty() ? OPEN_STATES : states,
        assignee,
        label,
        priority,
        team,
        search,
        order,
        limit,
        includeArchived);
  }
}
