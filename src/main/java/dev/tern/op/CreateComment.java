package dev.tern.op;

import dev.tern.model.InvalidInputException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Adds a comment whose id is {@code header.entity()} to an issue of the operation's team.
 *
 * <p>The author of a comment is always the operation's actor, whom the server has checked against
 * the token. {@code tern import} may name who wrote the text ({@code writtenBy}, on the wire the
 * change {@code author}); that is kept beside the author as a credit, never in its place, so it
 * cannot be used to post as someone else (docs/sync.md, "One rule book").
 *
 * @param issue id of the issue commented on
 * @param createdAt when the comment was written, if not now ({@code tern import})
 * @param writtenBy who wrote the text, if the file being imported says so; null otherwise
 */
public record CreateComment(
    OpHeader header, String issue, String body, Long createdAt, String writtenBy) implements Op {

  public static final String ISSUE = "issue";
  public static final String BODY = "body";
  public static final String CREATED_AT = "created_at";
  public static final String WRITTEN_BY = "author";

  @Override
  public Kind kind() {
    return Kind.CREATE_COMMENT;
  }

  @Override
  public SortedMap<String, Change<String>> changes() {
    SortedMap<String, Change<String>> changes = new TreeMap<>();
    changes.put(ISSUE, new Change<>(issue, null));
    changes.put(BODY, new Change<>(body, null));
    if (createdAt != null) {
      changes.put(CREATED_AT, new Change<>(Long.toString(createdAt), null));
    }
    if (writtenBy != null) {
      changes.put(WRITTEN_BY, new Change<>(writtenBy, null));
    }
    return changes;
  }

  static CreateComment fromText(
      OpHeader header, Map<String, Change<String>> changes, boolean stored) {
    for (String name : changes.keySet()) {
      boolean legacy = stored && name.equals(UpdateComment.DELETED);
      if (!name.equals(ISSUE)
          && !name.equals(BODY)
          && !name.equals(CREATED_AT)
          && !name.equals(WRITTEN_BY)
          && !legacy) {
        throw new InvalidInputException(
            Kind.CREATE_COMMENT.wireName() + " cannot carry field '" + name + "'");
      }
    }
    String createdAt = value(changes, CREATED_AT);
    return new CreateComment(
        header,
        value(changes, ISSUE),
        value(changes, BODY),
        createdAt == null ? null : IssueField.parseLong(CREATED_AT, createdAt),
        value(changes, WRITTEN_BY));
  }

  private static String value(Map<String, Change<String>> changes, String field) {
    Change<String> change = changes.get(field);
    return change == null ? null : change.value();
  }

  /** Checks a comment's text: not blank, and within the rules every stored text obeys. */
  public static void checkBody(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidInputException("comment must not be empty");
    }
    TextRules.text(BODY, body);
  }

  @Override
  public void validate() {
    if (issue == null || issue.isBlank()) {
      throw new InvalidInputException("a comment needs its issue");
    }
    checkBody(body);
    if (createdAt != null && createdAt < 0) {
      throw new InvalidInputException("created_at must not be negative");
    }
    if (writtenBy != null && writtenBy.isBlank()) {
      throw new InvalidInputException("author must not be blank");
    }
    TextRules.noControlCharacters(WRITTEN_BY, writtenBy);
  }

  /**
   * The new comment: posted by the actor, at {@code createdAt} when given, else at the stamp;
   * credited to {@code writtenBy} when that names someone other than the actor.
   */
  public CommentData apply() {
    return new CommentData(
        header.entity(),
        issue,
        header.actor(),
        writtenBy == null || writtenBy.equals(header.actor()) ? null : writtenBy,
        body,
        createdAt != null ? createdAt : header.stamp().millis(),
        false);
  }
}
