package dev.tern.op;

import dev.tern.model.InvalidInputException;

/** The rules every stored text obeys, on the client and on the server alike. */
public final class TextRules {
  private TextRules() {}

  /**
   * Largest description or comment body, in UTF-8 bytes. An edit carries the new text and its base,
   * so one operation stays within the protocol's frame limit with room to spare.
   */
  public static final int MAX_TEXT_BYTES = 1024 * 1024;

  /**
   * A description or comment body: no stray control characters, at most {@link #MAX_TEXT_BYTES}.
   */
  public static void text(String field, String value) {
    noControlCharacters(field, value);
    if (value != null && utf8Length(value) > MAX_TEXT_BYTES) {
      throw new InvalidInputException(field + " is larger than 1 MiB");
    }
  }

  /** Longest one-line value other than a title: assignee, parent, label, author. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Text may hold tabs and line breaks but no other control characters (they break terminals). */
  public static void noControlCharacters(String field, String value) {
    if (value == null) {
      return;
    }
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f) {
        throw controlCharacter(field, c);
      }
    }
  }

  /**
   * The rules for text that is stored to be shown to other people (the server applies them to every
   * operation it accepts), stricter than {@link Op#validate()}: one-line fields (title, assignee,
   * parent, labels, a comment's author) hold no control characters, C0 or C1, and no bidirectional
   * controls, and are bounded; descriptions and comment bodies hold no control characters but
   * newline and tab (and a carriage return, as typed on Windows), C1 included; a description is
   * never null. Bases are held to the same rules: they reach people in conflict records. The id a
   * create gives its issue or comment is a UUID in its canonical lower-case form: every replica
   * turns what a person types (a key such as {@code ENG-2}, a UUID or a prefix of one) into an id
   * and later looks the id up as a reference again, so an id shaped like a key or a short prefix
   * would send a teammate's edit to another issue (docs/sync.md, "push"). Throws
   * InvalidInputException naming the field.
   */
  public static void shared(Op op) {
    if (op instanceof CreateIssue || op instanceof CreateComment) {
      uuid(op instanceof CreateIssue ? "issue id" : "comment id", op.entity());
    }
    if (op instanceof CreateIssue create) {
      create.values().forEach((field, value) -> sharedField(field, value, false));
    } else if (op instanceof UpdateIssue update) {
      update
          .fields()
          .forEach(
              (field, change) -> {
                sharedField(field, change.value(), false);
                sharedField(field, change.base(), true);
              });
    } else if (op instanceof CreateComment comment) {
      multiLine(CreateComment.BODY, comment.body());
      line(CreateComment.WRITTEN_BY, comment.writtenBy(), MAX_NAME_LENGTH);
    } else if (op instanceof UpdateComment update && update.body() != null) {
      multiLine(UpdateComment.BODY, update.body().value());
      multiLine(UpdateComment.BODY, update.body().base());
    }
  }

  private static void sharedField(IssueField field, Object value, boolean base) {
    switch (field) {
      case TITLE -> line(field.wireName(), (String) value, IssueField.MAX_TITLE_LENGTH);
      case ASSIGNEE -> line(field.wireName(), (String) value, MAX_NAME_LENGTH);
      case PARENT -> {
        line(field.wireName(), (String) value, MAX_NAME_LENGTH);
        if (value != null && !base) {
          // A parent names an issue by id, and ids are UUIDs (see shared).
          uuid("parent", (String) value);
        }
      }
      case DESCRIPTION -> {
        if (value == null && !base) {
          throw new InvalidInputException("description must be text (empty for none), not null");
        }
        multiLine(field.wireName(), (String) value);
      }
      case LABELS -> {
        for (String label : IssueField.labelSet(value)) {
          line("label", label, MAX_NAME_LENGTH);
        }
      }
      default -> {
        // Typed values (state, priority, estimate, archived): checked by validate.
      }
    }
  }

  private static void multiLine(String field, String value) {
    if (value == null) {
      return;
    }
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      if (isControl(c) && c != '\n' && c != '\t' && c != '\r') {
        throw controlCharacter(field, c);
      }
    }
  }

  /**
   * A one-line value (title, assignee, label, parent, author): no control characters at all, no
   * bidirectional overrides or isolates (they reorder what a terminal shows around them), and at
   * most {@code maxLength} characters. Null passes: whether a field may be empty is its own rule.
   */
  public static void line(String field, String value, int maxLength) {
    if (value == null) {
      return;
    }
    if (value.length() > maxLength) {
      throw new InvalidInputException(field + " is longer than " + maxLength + " characters");
    }
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      if (isControl(c)) {
        throw controlCharacter(field, c);
      }
      if (isBidiControl(c)) {
        throw new InvalidInputException(
            field
                + " contains a bidirectional control character (U+"
                + String.format("%04X", (int) c)
                + ")");
      }
    }
  }

  private static final java.util.regex.Pattern UUID_FORM =
      java.util.regex.Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** {@code id} is a UUID written as {@link java.util.UUID#toString()} writes one. */
  public static void uuid(String field, String id) {
    if (id == null || !UUID_FORM.matcher(id).matches()) {
      throw new InvalidInputException(
          field + " must be a UUID in lower case (8-4-4-4-12 hex digits)");
    }
  }

  /** C0, DEL and C1 controls. */
  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /** Embeddings, overrides, isolates and marks that change the display order of text. */
  static boolean isBidiControl(char c) {
    return (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c;
  }

  private static InvalidInputException controlCharacter(String field, char c) {
    return new InvalidInputException(
        field + " contains a control character (U+" + String.format("%04X", (int) c) + ")");
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
}
