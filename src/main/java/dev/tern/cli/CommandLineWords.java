package dev.tern.cli;

import dev.tern.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a batch into words the way a POSIX shell would for the simple cases: white
 * space separates, single quotes keep everything literally, double quotes keep spaces and allow
 * {@code \"} and {@code \\}, a backslash outside quotes escapes the next character. No expansion of
 * any kind happens.
 */
final class CommandLineWords {
  private CommandLineWords() {}

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int index = 0; index < line.length(); index++) {
      char c = line.charAt(index);
      if (c == '\'') {
        int end = line.indexOf('\'', index + 1);
        if (end < 0) {
          throw new InvalidInputException("unterminated ' quote");
        }
        word.append(line, index + 1, end);
        index = end;
        inWord = true;
      } else if (c == '"') {
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
          throw new InvalidInputException("unterminated \" quote");
        }
        inWord = true;
      } else if (c == '\\' && index + 1 < line.length()) {
        word.append(line.charAt(++index));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
