package dev.tern.protocol;

/**
 * A comment's whole state on the server.
 *
 * @param issue id of the issue it belongs to
 * @param deleted {@code "true"} or {@code "false"}, the {@link dev.tern.op.Fields} text form
 */
public record CommentState(
    String id, String issue, String author, String body, long createdAt, String deleted) {

  public CommentState withDeleted(String value) {
    return new CommentState(id, issue, author, body, createdAt, value);
  }
}
