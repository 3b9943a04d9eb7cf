package dev.tern.protocol;

import dev.tern.op.CommentData;

/**
 * A comment's whole state on the server, in its wire form.
 *
 * @param issue id of the issue it belongs to
 * @param writtenBy who wrote the text when not the author (an imported comment), or null
 * @param deleted {@code "true"} or {@code "false"}
 */
public record CommentState(
    String id,
    String issue,
    String author,
    String writtenBy,
    String body,
    long createdAt,
    String deleted) {

  public static CommentState of(CommentData comment) {
    return new CommentState(
        comment.id(),
        comment.issue(),
        comment.author(),
        comment.writtenBy(),
        comment.body(),
        comment.createdAt(),
        Boolean.toString(comment.deleted()));
  }

  /** The typed comment; a missing body reads as empty. */
  public CommentData toData() {
    return new CommentData(
        id, issue, author, writtenBy, body == null ? "" : body, createdAt, "true".equals(deleted));
  }
}
