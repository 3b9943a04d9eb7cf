package dev.tern.op;

/**
 * A comment as the rule book reads and writes it; {@code deleted} comments stay, hidden.
 *
 * @param author the user whose operation posted it
 * @param writtenBy who wrote the text when that is not the author (an imported comment), or null
 */
public record CommentData(
    String id,
    String issue,
    String author,
    String writtenBy,
    String body,
    long createdAt,
    boolean deleted) {

  public CommentData withDeleted(boolean newDeleted) {
    return new CommentData(id, issue, author, writtenBy, body, createdAt, newDeleted);
  }

  public CommentData withBody(String newBody) {
    return new CommentData(id, issue, author, writtenBy, newBody, createdAt, deleted);
  }
}
