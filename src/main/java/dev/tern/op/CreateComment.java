package dev.tern.op;

import dev.tern.model.InvalidInputException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Adds a comment whose id is {@code header.entity()} to an issue of the operation's team.
 *
 * <p>The author of a comment is always the operation's actor, whom the server has checked against
 * the token: an author the client names could be forged. Older clients sent an {@code author} for
 * imported comments; reading tolerates it and ignores it (docs/sync.md, "One rule book").
 *
 * @param issue id of the issue commented on
 * @param createdAt when the comment was written, if not now ({@code tern import})
 */
public record CreateComment(OpHeader header, String issue, String body, Long createdAt)
    implements Op {

  public static final String ISSUE = "issue";
  public static final String BODY = "body";
  public static final String CREATED_AT = "created_at";
  private static final String LEGACY_AUTHOR = "author";

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
    return changes;
  }

  static CreateComment fromText(OpHeader header, Map<String, Change<String>> changes) {
    for (String name : changes.keySet()) {
      if (!name.equals(ISSUE)
          && !name.equals(BODY)
          && !name.equals(CREATED_AT)
          && !name.equals(LEGACY_AUTHOR)) {
        throw new InvalidInputException(
            Kind.CREATE_COMMENT.wireName() + " cannot carry field '" + name + "'");
      }
    }
    String createdAt = value(changes, CREATED_AT);
    return new CreateComment(
        header,
        value(changes, ISSUE),
        value(changes, BODY),
        createdAt == null ? null : IssueField.parseLong(CREATED_AT, createdAt));
  }

  private static String value(Map<String, Change<String>> changes, String field) {
    Change<String> change = changes.get(field);
    return change == null ? null : change.value();
  }

  @Override
  public void validate() {
    if (issue == null || issue.isBlank()) {
      throw new InvalidInputException("a comment needs its issue");
    }
    if (body == null || body.isBlank()) {
      throw new InvalidInputException("comment must not be empty");
    }
    TextRules.text(BODY, body);
    if (createdAt != null && createdAt < 0) {
      throw new InvalidInputException("created_at must not be negative");
    }
  }

  /** The new comment: written by the actor, at {@code createdAt} when given, else at the stamp. */
  public CommentData apply() {
    return new CommentData(
        header.entity(),
        issue,
        header.actor(),
        body,
        createdAt != null ? createdAt : header.stamp().millis(),
        false);
  }
}
