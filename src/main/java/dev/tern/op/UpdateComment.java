package dev.tern.op;

import dev.tern.model.InvalidInputException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Changes an existing comment: hides it or shows it again ({@code deleted}; deleting keeps the
 * comment, marked deleted, so undo and history can bring it back), or rewrites its text ({@code
 * body}, which only the comment's author may do). Each change carries the base its author saw.
 *
 * @param deleted the deleted flag's change, or null
 * @param body the text's change, or null
 */
public record UpdateComment(OpHeader header, Change<Boolean> deleted, Change<String> body)
    implements Op {

  public static final String DELETED = "deleted";
  public static final String BODY = CreateComment.BODY;

  /** A delete or restore, the only kind of comment update before body edits existed. */
  public UpdateComment(OpHeader header, Change<Boolean> deleted) {
    this(header, deleted, null);
  }

  @Override
  public Kind kind() {
    return Kind.UPDATE_COMMENT;
  }

  @Override
  public SortedMap<String, Change<String>> changes() {
    SortedMap<String, Change<String>> changes = new TreeMap<>();
    if (deleted != null) {
      changes.put(DELETED, new Change<>(text(deleted.value()), text(deleted.base())));
    }
    if (body != null) {
      changes.put(BODY, body);
    }
    return changes;
  }

  private static String text(Boolean value) {
    return value == null ? null : value.toString();
  }

  static UpdateComment fromText(OpHeader header, Map<String, Change<String>> changes) {
    for (String name : changes.keySet()) {
      if (!name.equals(DELETED) && !name.equals(BODY)) {
        throw new InvalidInputException(
            Kind.UPDATE_COMMENT.wireName() + " cannot carry field '" + name + "'");
      }
    }
    Change<String> deleted = changes.get(DELETED);
    Change<String> body = changes.get(BODY);
    if (deleted == null && body == null) {
      throw new InvalidInputException("an update must change at least one field");
    }
    return new UpdateComment(
        header,
        deleted == null ? null : new Change<>(bool(deleted.value()), bool(deleted.base())),
        body);
  }

  private static Boolean bool(String text) {
    return text == null ? null : IssueField.parseBoolean(DELETED, text);
  }

  @Override
  public void validate() {
    if (deleted == null && body == null) {
      throw new InvalidInputException("an update must change at least one field");
    }
    if (deleted != null && deleted.value() == null) {
      throw new InvalidInputException("deleted must be true or false");
    }
    if (body != null) {
      CreateComment.checkBody(body.value());
      TextRules.text(BODY, body.base());
    }
  }

  /** The comment with the changed fields set. */
  public CommentData apply(CommentData current) {
    CommentData next = current;
    if (deleted != null) {
      next = next.withDeleted(deleted.value());
    }
    if (body != null) {
      next = next.withBody(body.value());
    }
    return next;
  }
}
