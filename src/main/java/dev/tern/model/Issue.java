package dev.tern.model;

import java.util.List;
import java.util.SortedSet;

/**
 * One issue as the local view shows it.
 *
 * @param number the per-team number given by the server at first sync, or null before that
 * @param estimate null when not estimated
 * @param parent id of the parent issue, or null
 */
public record Issue(
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
    boolean archived,
    List<Comment> comments) {

  /** Length of the UUID prefix shown for an issue that has no number yet. */
  public static final int SHORT_ID_LENGTH = 8;

  /** The reference a person types: {@code ENG-42}, or a short UUID prefix before numbering. */
  public String key() {
    return number == null ? id.substring(0, SHORT_ID_LENGTH) : team + "-" + number;
  }
}
