package dev.tern.op;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.Collection;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The fields of an issue that operations change: each field's typed value in memory, its text form
 * on the wire and in the stores, its validation, and how concurrent edits of it are reconciled.
 *
 * <p>Typed values: title, description, assignee and parent are {@link String}; state {@link State};
 * priority {@link Priority}; labels an unmodifiable sorted set of strings; estimate {@link Long};
 * archived {@link Boolean}. Text forms (unchanged since the first protocol version): state by wire
 * name, priority as its level ({@code "2"}), estimate in decimal, archived {@code "true"}/{@code
 * "false"}, labels sorted and comma-joined ({@code "bug,ui"}). A null value means "not set".
 */
public enum IssueField {
  TITLE(Merge.PLAIN),
  STATE(Merge.PLAIN),
  PRIORITY(Merge.PLAIN),
  ASSIGNEE(Merge.PLAIN),
  LABELS(Merge.LABEL_SET),
  ESTIMATE(Merge.PLAIN),
  PARENT(Merge.PLAIN),
  ARCHIVED(Merge.PLAIN),
  DESCRIPTION(Merge.LINES);

  /** How two concurrent edits of a field are settled (docs/sync.md, "Reconciliation"). */
  public enum Merge {
    /** The base check, then the later clock stamp wins; the loser gets a conflict record. */
    PLAIN,
    /** Adds and removes apply as a set difference, so edits of different labels commute. */
    LABEL_SET,
    /** A three-way line merge first; overlapping edits fall back to {@link #PLAIN}. */
    LINES
  }

  public static final int MAX_TITLE_LENGTH = 1_000;

  private final Merge merge;
  // Computed once: the import asks for it several times per issue (docs/performance.md, "Import").
  private final String wireName;

  IssueField(Merge merge) {
    this.merge = merge;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  public Merge merge() {
    return merge;
  }

  /** The name on the wire, in the stores' change rows and as the client store's column. */
  public String wireName() {
    return wireName;
  }

  /** The field with this wire name; throws for a name that is not an issue field. */
  public static IssueField ofWireName(String name) {
    for (IssueField field : values()) {
      if (field.wireName().equals(name)) {
        return field;
      }
    }
    throw new InvalidInputException("unknown field '" + name + "'");
  }

  /** The typed value of a text form; null stays null. Throws with a readable reason. */
  public Object parse(String text) {
    if (text == null) {
      return this == LABELS ? Labels.EMPTY : null;
    }
    return switch (this) {
      case TITLE, DESCRIPTION, ASSIGNEE, PARENT -> text;
      case STATE -> State.parse(text);
      case PRIORITY -> Priority.parse(text);
      case LABELS -> labels(Labels.parse(text));
      case ESTIMATE -> parseLong(wireName(), text);
      case ARCHIVED -> parseBoolean(wireName(), text);
    };
  }

  /** The text form of a typed value; null stays null (labels: the empty set is {@code ""}). */
  public String format(Object value) {
    if (value == null) {
      return this == LABELS ? "" : null;
    }
    return switch (this) {
      case TITLE, DESCRIPTION, ASSIGNEE, PARENT -> (String) value;
      case STATE -> ((State) value).wireName();
      case PRIORITY -> Integer.toString(((Priority) value).level());
      case LABELS -> Labels.format(labelSet(value));
      case ESTIMATE -> value.toString();
      case ARCHIVED -> value.toString();
    };
  }

  /**
   * Checks a value this field may be set to: its type, that required fields have a value, and the
   * rules for text (no control characters that could reach a terminal, bounded lengths).
   */
  public void validate(Object value) {
    switch (this) {
      case TITLE -> {
        String title = text(value);
        if (title == null || title.isBlank()) {
          throw new InvalidInputException("title must not be empty");
        }
        if (title.length() > MAX_TITLE_LENGTH) {
          throw new InvalidInputException(
              "title is longer than " + MAX_TITLE_LENGTH + " characters");
        }
        TextRules.noControlCharacters(wireName(), title);
      }
      case DESCRIPTION -> TextRules.text(wireName(), text(value));
      case ASSIGNEE, PARENT -> {
        String name = text(value);
        if (name != null && name.isBlank()) {
          throw new InvalidInputException(wireName() + " must not be blank");
        }
      }
      case STATE -> typed(value, State.class);
      case PRIORITY -> typed(value, Priority.class);
      case ESTIMATE -> {
        if (value != null) {
          typed(value, Long.class);
        }
      }
      case ARCHIVED -> typed(value, Boolean.class);
      case LABELS -> {
        for (String label : labelSet(value)) {
          Labels.validate(label);
        }
      }
    }
  }

  /** An unmodifiable sorted copy of a label collection: the typed value of {@link #LABELS}. */
  public static SortedSet<String> labels(Collection<String> labels) {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(labels));
  }

  /** A label-set value, checked: {@link #LABELS} values are sorted sets of strings. */
  @SuppressWarnings("unchecked")
  public static SortedSet<String> labelSet(Object value) {
    if (value == null) {
      return Labels.EMPTY;
    }
    if (!(value instanceof SortedSet<?>)) {
      throw new InvalidInputException("labels must be a set, not " + value);
    }
    return (SortedSet<String>) value;
  }

  private String text(Object value) {
    return value == null ? null : typed(value, String.class);
  }

  private <T> T typed(Object value, Class<T> type) {
    if (!type.isInstance(value)) {
      throw new InvalidInputException(
          wireName() + " must have a " + type.getSimpleName().toLowerCase(Locale.ROOT) + " value");
    }
    return type.cast(value);
  }

  static long parseLong(String field, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field + " must be a whole number, not '" + text + "'");
    }
  }

  static boolean parseBoolean(String field, String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidInputException(field + " must be true or false");
    };
  }
}
