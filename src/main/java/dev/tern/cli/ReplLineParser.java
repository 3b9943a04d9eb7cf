package dev.tern.cli;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * The REPL's words for JLine, from {@link CommandLineWords}: the same quotes and backslashes as
 * {@code tern batch}, so what TAB completes is what the command will run with. Only the text before
 * the cursor counts for completion; the line the REPL runs is split again, strictly, on Enter.
 */
final class ReplLineParser implements Parser {
  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    int at = Math.max(0, Math.min(cursor, line.length()));
    String before = line.substring(0, at);
    List<CommandLineWords.Word> words = CommandLineWords.partial(before);
    List<String> values = new ArrayList<>();
    words.forEach(word -> values.add(word.value()));
    boolean inWord = !words.isEmpty() && words.get(words.size() - 1).end() == at;
    int rawStart;
    char open;
    if (inWord) {
      CommandLineWords.Word last = words.get(words.size() - 1);
      rawStart = last.start();
      open = last.openQuote();
    } else {
      values.add("");
      rawStart = at;
      open = 0;
    }
    return new Line(line, at, List.copyOf(values), rawStart, open);
  }

  /** One parsed line; the word at the cursor is the last of {@link #words()}. */
  private record Line(String line, int cursor, List<String> words, int rawStart, char open)
      implements CompletingParsedLine {
    @Override
    public String word() {
      return words.get(words.size() - 1);
    }

    @Override
    public int wordCursor() {
      return word().length();
    }

    @Override
    public int wordIndex() {
      return words.size() - 1;
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      StringBuilder escaped = new StringBuilder();
      if (open == '\'') {
        escaped.append('\'').append(candidate);
        return complete ? escaped.append('\'') : escaped;
      }
      if (open == '"') {
        escaped.append('"');
        for (char c : candidate.toString().toCharArray()) {
          escaped.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
        }
        return complete ? escaped.append('"') : escaped;
      }
      for (char c : candidate.toString().toCharArray()) {
        if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\') {
          escaped.append('\\');
        }
        escaped.append(c);
      }
      return escaped;
    }

    @Override
    public int rawWordCursor() {
      return cursor - rawStart;
    }

    @Override
    public int rawWordLength() {
      return cursor - rawStart;
    }
  }
}
