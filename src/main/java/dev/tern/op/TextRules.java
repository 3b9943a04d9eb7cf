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

  /** Text may hold tabs and line breaks but no other control characters (they break terminals). */
  public static void noControlCharacters(String field, String value) {
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
}
