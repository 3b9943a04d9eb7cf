package dev.tern.store;

import dev.tern.op.Change;
import dev.tern.op.CreateIssue;
import dev.tern.op.IssueField;
import java.util.Map;
import java.util.TreeMap;

/**
 * An operation's field changes as the {@code ops.changes} column holds them: a JSON object from
 * field name to {@code [value, base]}, either of which may be null. JSON because migration 3 of
 * {@link Schema} builds the column from the old {@code op_changes} rows with SQLite's own JSON
 * functions; written and read here by hand because Jackson would cost every one-shot command its
 * class loading.
 */
final class ChangesText {
  private ChangesText() {}

  static String encode(Map<String, Change<String>> changes) {
    StringBuilder out = new StringBuilder(64);
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Change<String>> entry : changes.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, entry.getKey());
      out.append(":[");
      string(out, entry.getValue().value());
      out.append(',');
      string(out, entry.getValue().base());
      out.append(']');
    }
    return out.append('}').toString();
  }

  /**
   * The changes of a create, written straight from its typed values: the same text as {@code
   * encode(create.changes())} without the sorted map of formatted values in between (an import
   * writes one per issue: docs/performance.md, "Import").
   */
  static String encode(CreateIssue create) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    Map<IssueField, Object> values = create.values();
    for (IssueField field : CREATE_ORDER) {
      String text;
      if (field == null) {
        text = create.createdAt() == null ? null : Long.toString(create.createdAt());
      } else {
        Object value = values.get(field);
        text = value == null ? null : field.format(value);
      }
      if (text == null) {
        continue;
      }
      if (out.length() > 1) {
        out.append(',');
      }
      string(out, field == null ? CreateIssue.CREATED_AT : field.wireName());
      out.append(":[");
      string(out, text);
      out.append(",null]");
    }
    return out.append('}').toString();
  }

  /**
   * The fields a create can carry in the order {@link #encode(Map)} writes them (by name, as the
   * sorted map of {@link CreateIssue#changes()} holds them); null stands for {@link
   * CreateIssue#CREATED_AT}.
   */
  private static final IssueField[] CREATE_ORDER = createOrder();

  private static IssueField[] createOrder() {
    TreeMap<String, IssueField> byName = new TreeMap<>();
    for (IssueField field : IssueField.values()) {
      byName.put(field.wireName(), field);
    }
    byName.put(CreateIssue.CREATED_AT, null);
    return byName.values().toArray(new IssueField[0]);
  }

  private static void string(StringBuilder out, String text) {
    if (text == null) {
      out.append("null");
      return;
    }
    out.append('"');
    int plain = 0;
    while (plain < text.length() && needsNoEscape(text.charAt(plain))) {
      plain++;
    }
    // Most values need no escape at all: copy them whole (an import writes ~10 per issue).
    if (plain == text.length()) {
      out.append(text).append('"');
      return;
    }
    out.append(text, 0, plain);
    for (int index = plain; index < text.length(); index++) {
      char c = text.charAt(index);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean needsNoEscape(char c) {
    return c >= 0x20 && c != '"' && c != '\\';
  }

  /** The changes of {@code text}, sorted by field name; throws on anything but our own form. */
  static TreeMap<String, Change<String>> decode(String text) {
    Reader reader = new Reader(text);
    TreeMap<String, Change<String>> changes = new TreeMap<>();
    reader.expect('{');
    if (reader.peek() == '}') {
      reader.position++;
      return changes;
    }
    do {
      String field = reader.string();
      reader.expect(':');
      reader.expect('[');
      String value = reader.string();
      reader.expect(',');
      String base = reader.string();
      reader.expect(']');
      changes.put(field, new Change<>(value, base));
    } while (reader.comma());
    reader.expect('}');
    return changes;
  }

  /** A cursor over the JSON text; whitespace between tokens is skipped. */
  private static final class Reader {
    final String text;
    int position;

    Reader(String text) {
      this.text = text;
    }

    char peek() {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
      if (position >= text.length()) {
        throw malformed();
      }
      return text.charAt(position);
    }

    void expect(char wanted) {
      if (peek() != wanted) {
        throw malformed();
      }
      position++;
    }

    boolean comma() {
      if (peek() == ',') {
        position++;
        return true;
      }
      return false;
    }

    /** A JSON string, or null for the literal {@code null}. */
    String string() {
      if (peek() == 'n' && text.startsWith("null", position)) {
        position += 4;
        return null;
      }
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (position >= text.length()) {
          throw malformed();
        }
        char c = text.charAt(position++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (position >= text.length()) {
          throw malformed();
        }
        char escaped = text.charAt(position++);
        switch (escaped) {
          case '"', '\\', '/' -> out.append(escaped);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (position + 4 > text.length()) {
              throw malformed();
            }
            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
            position += 4;
          }
          default -> throw malformed();
        }
      }
    }

    IllegalStateException malformed() {
      return new IllegalStateException("malformed changes column at " + position + ": " + text);
    }
  }
}
