package dev.tern.cli;

import dev.tern.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a batch or the REPL into words the way a POSIX shell would for the simple
 * cases: white space separates, single quotes keep everything literally, double quotes keep spaces
 * and allow {@code \"} and {@code \\}, a backslash outside quotes escapes the next character. No
 * expansion of any kind happens ({@code !!} stays two exclamation marks).
 */
final class CommandLineWords {
  private CommandLineWords() {}

  /**
   * One word as typed: its value, where it starts and ends in the line, and the quote still open at
   * its end (0 when none; only a line cut off at the cursor has one).
   */
  record Word(String value, int start, int end, char openQuote) {}

  /** The words of {@code line}; an unterminated quote is an error. */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    for (Word word : scan(line, false)) {
      words.add(word.value());
    }
    return words;
  }

  /**
   * The words of {@code line} with their places, as far as it goes: a quote left open (the line
   * ends at a cursor inside it) ends the last word instead of being an error.
   */
  static List<Word> partial(String line) {
    return scan(line, true);
  }

  private static List<Word> scan(String line, boolean lenient) {
    List<Word> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int start = -1;
    char open = 0;
    for (int index = 0; index < line.length(); index++) {
      char c = line.charAt(index);
      if (c == '\'') {
        start = start < 0 ? index : start;
        int end = line.indexOf('\'', index + 1);
        if (end < 0) {
          if (!lenient) {
            throw new InvalidInputException("unterminated ' quote");
          }
          word.append(line, index + 1, line.length());
          index = line.length();
          open = '\'';
          break;
        }
        word.append(line, index + 1, end);
        index = end;
      } else if (c == '"') {
        start = start < 0 ? index : start;
        index++;
        while (index < line.length() && line.charAt(index) != '"') {
          char inner = line.charAt(index);
          if (inner == '\\'
              && index + 1 < line.length()
              && (line.charAt(index + 1) == '"' || line.charAt(index + 1) == '\\')) {
            index++;
            inner = line.charAt(index);
          }
          word.append(inner);
          index++;
        }
        if (index >= line.length()) {
          if (!lenient) {
            throw new InvalidInputException("unterminated \" quote");
          }
          open = '"';
          break;
        }
      } else if (c == '\\' && index + 1 < line.length()) {
        start = start < 0 ? index : start;
        word.append(line.charAt(++index));
      } else if (Character.isWhitespace(c)) {
        if (start >= 0) {
          words.add(new Word(word.toString(), start, index, (char) 0));
          word.setLength(0);
          start = -1;
        }
      } else {
        start = start < 0 ? index : start;
        word.append(c);
      }
    }
    if (start >= 0) {
      words.add(new Word(word.toString(), start, line.length(), open));
    }
    return words;
  }
}
