package dev.tern.store;

import java.util.ArrayList;
import java.util.List;

/** Turns what a person types into an FTS5 query that cannot be a syntax error. */
final class FullText {
  private FullText() {}

  /**
   * The words of {@code search}, each as a prefix query: {@code crash log} becomes {@code "crash"*}
   * and {@code "log"*}, and an issue must match every one. Quoting each word makes FTS5's operators
   * and punctuation plain text. Each word is matched on its own so that the words of one search may
   * fall in different places: one in the title, another in a comment.
   */
  static List<String> terms(String search) {
    List<String> terms = new ArrayList<>();
    for (String word : search.trim().split("\\s+")) {
      if (!word.isEmpty()) {
        terms.add("\"" + word.replace("\"", "\"\"") + "\"*");
      }
    }
    return terms.isEmpty() ? List.of("\"\"") : terms;
  }
}
