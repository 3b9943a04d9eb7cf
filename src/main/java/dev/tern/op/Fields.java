package dev.tern.op;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * The fields operations may change, and the text form of each value.
 *
 * <p>Every value travels as text or null: state by wire name, priority as its level, estimate as a
 * decimal integer, archived and deleted as {@code "true"}/{@code "false"}, labels as a sorted
 * comma-joined set. Keeping one form for every field lets the log, the wire and reconciliation
 * treat all fields alike; only labels (a set) and description (merged by lines) are reconciled
 * specially.
 */
public final class Fields {
  private Fields() {}

  public static final String TITLE = "title";
  public static final String DESCRIPTION = "description";
  public static final String STATE = "state";
  public static final String PRIORITY = "priority";
  public static final String ASSIGNEE = "assignee";
  public static final String LABELS = "labels";
  public static final String ESTIMATE = "estimate";
  public static final String PARENT = "parent";
  public static final String ARCHIVED = "archived";
  public static final String CREATED_AT = "created_at";

  public static final String ISSUE = "issue";
  public static final String BODY = "body";
  public static final String DELETED = "deleted";

  /**
   * Who wrote an imported comment. Only {@code tern import} sets it; the server ignores it and
   * credits the operation's actor, since an author field could otherwise be forged.
   */
  public static final String AUTHOR = "author";

  /** Fields of an issue an update may change, in display order. */
  public static final List<String> ISSUE_FIELDS =
      List.of(TITLE, STATE, PRIORITY, ASSIGNEE, LABELS, ESTIMATE, PARENT, ARCHIVED, DESCRIPTION);

  /** Fields a comment create carries; only {@link #DELETED} may change later. */
  public static final Set<String> COMMENT_FIELDS = Set.of(ISSUE, BODY, CREATED_AT, DELETED, AUTHOR);

  public static final int MAX_TITLE_LENGTH = 1_000;

  /**
   * Largest description or comment body, in UTF-8 bytes. An edit carries the new text and its base,
   * so one operation stays within the protocol's frame limit (4 MiB) with room to spare.
   */
  public static final int MAX_TEXT_BYTES = 1024 * 1024;

  /** Checks that a value has the right form for its field; throws with a readable reason. */
  public static void validate(String field, String value) {
    switch (field) {
      case TITLE -> {
        noControlCharacters(field, value);
        if (value == null || value.isBlank()) {
          throw new InvalidInputException("title must not be empty");
        }
        if (value.length() > MAX_TITLE_LENGTH) {
          throw new InvalidInputException(
              "title is longer than " + MAX_TITLE_LENGTH + " characters");
        }
      }
      case DESCRIPTION, BODY -> {
        noControlCharacters(field, value);
        if (value != null && utf8Length(value) > MAX_TEXT_BYTES) {
          throw new InvalidInputException(field + " is larger than 1 MiB");
        }
      }
      case STATE -> State.parse(required(field, value));
      case PRIORITY -> Priority.parse(required(field, value));
      case ESTIMATE, CREATED_AT -> {
        if (value != null) {
          parseLong(field, value);
        }
      }
      case LABELS -> {
        for (String label : Labels.parse(value)) {
          Labels.validate(label);
        }
      }
      case ARCHIVED, DELETED -> {
        if (!"true".equals(value) && !"false".equals(value)) {
          throw new InvalidInputException(field + " must be true or false");
        }
      }
      case ASSIGNEE, PARENT, ISSUE, AUTHOR -> {
        if (value != null && value.isBlank()) {
          throw new InvalidInputException(field + " must not be blank");
        }
      }
      default -> throw new InvalidInputException("unknown field '" + field + "'");
    }
  }

  /**
   * Applies a label change to a current set: the labels the change added are added, the ones it
   * removed are removed, and labels it did not touch stay as they are. This is what makes
   * concurrent label edits commute.
   */
  public static String applyLabels(String current, Change change) {
    SortedSet<String> result = Labels.parse(current);
    SortedSet<String> before = Labels.parse(change.base());
    SortedSet<String> after = Labels.parse(change.value());
    for (String label : before) {
      if (!after.contains(label)) {
        result.remove(label);
      }
    }
    for (String label : after) {
      if (!before.contains(label)) {
        result.add(label);
      }
    }
    return Labels.format(result);
  }

  /** Text may hold tabs and line breaks but no other control characters (they break terminals). */
  private static void noControlCharacters(String field, String value) {
    if (value == null) {
      return;
    }
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f) {
        throw new InvalidInputException(
            field + " contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
  }

  private static long utf8Length(String text) {
    if (text.length() * 3L <= MAX_TEXT_BYTES) {
      return text.length();
    }
    long bytes = 0;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        index++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  public static String bool(boolean value) {
    return value ? "true" : "false";
  }

  private static String required(String field, String value) {
    if (value == null) {
      throw new InvalidInputException(field + " must have a value");
    }
    return value;
  }

  private static long parseLong(String field, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field + " must be a whole number, not '" + value + "'");
    }
  }
}
