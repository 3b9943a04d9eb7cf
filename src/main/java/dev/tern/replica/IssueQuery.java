package dev.tern.replica;

import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.store.IssueRows;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code tern ls} asks for. Null means "no filter"; an empty {@code states} means the open
 * states, an empty {@code priorities} any priority. {@code unassigned} asks for issues without an
 * assignee. An issue matches when it carries every one of {@code labels} and none of {@code
 * withoutLabels}. {@code search} is matched as words (each a prefix) against titles, descriptions
 * and comments. {@code reversed} turns the sort order around.
 */
public record IssueQuery(
    List<State> states,
    String assignee,
    boolean unassigned,
    List<String> labels,
    List<String> withoutLabels,
    List<Priority> priorities,
    String team,
    String search,
    Sort sort,
    boolean reversed,
    int limit,
    boolean includeArchived) {

  public IssueQuery {
    labels = List.copyOf(labels);
    withoutLabels = List.copyOf(withoutLabels);
    priorities = List.copyOf(priorities);
  }

  /** A query with at most one label and one priority, in the natural order of its sort. */
  public IssueQuery(
      List<State> states,
      String assignee,
      String label,
      Priority priority,
      String team,
      String search,
      Sort sort,
      int limit,
      boolean includeArchived) {
    this(
        states,
        assignee,
        false,
        label == null ? List.of() : List.of(label),
        List.of(),
        priority == null ? List.of() : List.of(priority),
        team,
        search,
        sort,
        false,
        limit,
        includeArchived);
  }

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
        unassigned,
        labels,
        withoutLabels,
        priorities,
        team,
        search,
        order,
        reversed,
        limit,
        includeArchived);
  }
}
