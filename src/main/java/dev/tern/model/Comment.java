package dev.tern.model;

/**
 * A comment on an issue.
 *
 * @param author who posted it: the user whose operation made it
 * @param writtenBy who wrote the text, when that was someone else: the original author of a comment
 *     brought in by {@code tern import}; null otherwise
 * @param edited whether its text was changed after it was posted (as far as this replica's
 *     operation log knows)
 */
public record Comment(
    String id,
    String issueId,
    String author,
    String writtenBy,
    String body,
    long createdAt,
    boolean edited) {

  /** A comment whose text is as it was posted. */
  public Comment(
      String id, String issueId, String author, String writtenBy, String body, long createdAt) {
    this(id, issueId, author, writtenBy, body, createdAt, false);
  }

  /** This comment marked as edited since it was posted. */
  public Comment asEdited() {
    return new Comment(id, issueId, author, writtenBy, body, createdAt, true);
  }
}
