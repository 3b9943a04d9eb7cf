package dev.tern.store;

import java.util.ArrayList;
import java.util.List;

/** Turns what a person types into an FTS5 query that cannot be a syntax error. */
final class FullText {
  private FullText() {}

  /**
   * Every word must match, each as a prefix: {@code crash log} becomes {@code "crash"* "log"*}.
   * Quoting each word makes FTS5's operators and punctuation plain text.
   */
  static String matchExpression(String search) {
    List<String> terms = new ArrayList<>();
    for (String word : search.trim().split("\\s+")) {
      if (!word.isEmpty()) {
        terms.add("\"" + word.replace("\"", "\"\"") + "\"*");
      }
    }
    return terms.isEmpty() ? "\"\"" : String.join(" ", terms);
  }
}
