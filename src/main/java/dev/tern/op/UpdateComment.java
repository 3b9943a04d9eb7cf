package dev.tern.op;

import dev.tern.model.InvalidInputException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Hides a comment or shows it again: deleting a comment keeps it, marked deleted, so undo and
 * history can bring it back.
 */
public record UpdateComment(OpHeader header, Change<Boolean> deleted) implements Op {

  public static final String DELETED = "deleted";

  @Override
  public Kind kind() {
    return Kind.UPDATE_COMMENT;
  }

  @Override
  public SortedMap<String, Change<String>> changes() {
    SortedMap<String, Change<String>> changes = new TreeMap<>();
    changes.put(DELETED, new Change<>(text(deleted.value()), text(deleted.base())));
    return changes;
  }

  private static String text(Boolean value) {
    return value == null ? null : value.toString();
  }

  static UpdateComment fromText(OpHeader header, Map<String, Change<String>> changes) {
    for (String name : changes.keySet()) {
      if (!name.equals(DELETED)) {
        throw new InvalidInputException(
            Kind.UPDATE_COMMENT.wireName() + " cannot carry field '" + name + "'");
      }
    }
    Change<String> change = changes.get(DELETED);
    if (change == null) {
      throw new InvalidInputException("an update must change at least one field");
    }
    return new UpdateComment(header, new Change<>(bool(change.value()), bool(change.base())));
  }

  private static Boolean bool(String text) {
    return text == null ? null : IssueField.parseBoolean(DELETED, text);
  }

  @Override
  public void validate() {
    if (deleted == null || deleted.value() == null) {
      throw new InvalidInputException("deleted must be true or false");
    }
  }

  /** The comment with its deleted flag set. */
  public CommentData apply(CommentData current) {
    return current.withDeleted(deleted.value());
  }
}
