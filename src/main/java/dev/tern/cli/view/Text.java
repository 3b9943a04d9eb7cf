package dev.tern.cli.view;

/**
 * Text on its way to a terminal. {@link #printable} is the one gate every value that comes from
 * data (issues, comments, the log, the server) passes before it is printed.
 */
public final class Text {
  private Text() {}

  /**
   * {@code text} with its control characters made visible and harmless: issue text comes from other
   * people, and an ESC sequence printed raw could restyle, clear or retitle the terminal. A newline
   * stays a newline when {@code keepNewlines}, else shows as ⏎; a tab becomes a space; other C0
   * characters show in caret notation ({@code ^[}); C1 characters as U+FFFD, and so do the bidi
   * embedding, override and isolate controls, which would reorder the rest of the line on a
   * terminal that lays out right-to-left text ("Trojan Source"). Right-to-left letters themselves
   * stay.
   */
  public static String printable(String text, boolean keepNewlines) {
    StringBuilder shown = null;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      String replacement;
      if (c == '\n') {
        replacement = keepNewlines ? null : "⏎";
      } else if (c == '\t') {
        replacement = " ";
      } else if (c < 0x20 || c == 0x7f) {
        replacement = "^" + (char) (c ^ 0x40);
      } else if ((c >= 0x80 && c <= 0x9f) || isBidiControl(c)) {
        replacement = "\ufffd";
      } else {
        replacement = null;
      }
      if (replacement != null && shown == null) {
        shown = new StringBuilder(text.length() + 8).append(text, 0, index);
      }
      if (shown != null) {
        if (replacement != null) {
          shown.append(replacement);
        } else {
          shown.append(c);
        }
      }
    }
    return shown == null ? text : shown.toString();
  }

  /** U+202A–U+202E (embeddings, overrides, their end) and U+2066–U+2069 (isolates, their end). */
  private static boolean isBidiControl(char c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  /**
   * The columns {@code text} takes on a terminal: two for wide characters (CJK, most emoji), none
   * for combining marks and zero-width joiners, one for the rest. Text reaching here has been
   * through {@link #printable}, so it holds no control characters.
   */
  public static int width(String text) {
    int columns = 0;
    for (int index = 0; index < text.length(); ) {
      int codePoint = text.codePointAt(index);
      columns += width(codePoint);
      index += Character.charCount(codePoint);
    }
    return columns;
  }

  private static int width(int codePoint) {
    if (codePoint == 0xfe0f) {
      return 0; // emoji presentation selector: the emoji before it already counted as wide
    }
    int columns = org.jline.utils.WCWidth.wcwidth(codePoint);
    return columns < 0 ? 1 : columns;
  }

  /** {@code text} followed by spaces up to {@code width} terminal columns. */
  static String pad(String text, int width) {
    int length = width(text);
    return length >= width ? text : text + " ".repeat(width - length);
  }

  /**
   * {@code text} cut to {@code width} terminal columns, the last one an ellipsis when it was cut; a
   * wide character that would straddle the edge goes whole.
   */
  static String cut(String text, int width) {
    if (width(text) <= width) {
      return text;
    }
    int room = Math.max(0, width - 1);
    int used = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int columns = width(codePoint);
      if (used + columns > room) {
        break;
      }
      used += columns;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end) + "…";
  }

  /**
   * {@code line} broken into lines of at most {@code width} terminal columns, at spaces where it
   * can and inside a word only when the word alone is wider. A line that fits comes back whole.
   */
  static java.util.List<String> wrap(String line, int width) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    if (width <= 0 || width(line) <= width) {
      lines.add(line);
      return lines;
    }
    StringBuilder current = new StringBuilder();
    int used = 0;
    for (String word : line.split(" ", -1)) {
      int wordWidth = width(word);
      int needed = used == 0 ? wordWidth : used + 1 + wordWidth;
      if (needed <= width) {
        if (used > 0) {
          current.append(' ');
        }
        current.append(word);
        used = needed;
        continue;
      }
      if (used > 0) {
        lines.add(current.toString());
        current.setLength(0);
        used = 0;
      }
      // A word wider than the line: cut it into pieces that fit.
      int index = 0;
      while (index < word.length()) {
        int codePoint = word.codePointAt(index);
        int columns = width(codePoint);
        if (used + columns > width && used > 0) {
          lines.add(current.toString());
          current.setLength(0);
          used = 0;
        }
        current.appendCodePoint(codePoint);
        used += columns;
        index += Character.charCount(codePoint);
      }
    }
    lines.add(current.toString());
    return lines;
  }
}
