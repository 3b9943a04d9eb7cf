package dev.tern.op;

/** A comment as the rule book reads and writes it; {@code deleted} comments stay, hidden. */
public record CommentData(
    String id, String issue, String author, String body, long createdAt, boolean deleted) {

  public CommentData withDeleted(boolean newDeleted) {
    return new CommentData(id, issue, author, body, createdAt, newDeleted);
  }
}
