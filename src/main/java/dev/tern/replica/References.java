package dev.tern.replica;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.NotFoundException;
import dev.tern.store.StoreTxn;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what a person types into an issue id: a key ({@code ENG-42}), a full UUID, or a unique
 * prefix of one (at least {@value #MIN_PREFIX} characters). The prefix shown at creation keeps
 * working after the issue is numbered, so scripts that captured it never break.
 */
final class References {
  static final int MIN_PREFIX = 4;
  private static final int FULL_ID = 36;
  private static final Pattern KEY = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)-([0-9]{1,18})");
  private static final Pattern PREFIX = Pattern.compile("[0-9a-fA-F-]+");
  private static final int MAX_CANDIDATES = 5;
  private static final Pattern CONTROL =
      Pattern.compile("[\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029]");

  private References() {}

  static String resolve(StoreTxn txn, String reference) {
    String ref = reference.trim();
    Matcher key = KEY.matcher(ref);
    if (key.matches()) {
      String team = key.group(1).toUpperCase(Locale.ROOT);
      return txn.issues()
          .idByNumber(team, Long.parseLong(key.group(2)))
          .orElseThrow(() -> new NotFoundException("no issue " + team + "-" + key.group(2)));
    }
    if (!PREFIX.matcher(ref).matches()) {
      throw new InvalidInputException(
          "'" + reference + "' is not an issue reference (use ENG-42, a UUID or a unique prefix)");
    }
    if (ref.length() == FULL_ID) {
      String id = ref.toLowerCase(Locale.ROOT);
      if (txn.issues().record(dev.tern.store.IssueTable.VIEW, id).isPresent()) {
        return id;
      }
    }
    if (ref.length() < MIN_PREFIX) {
      throw new InvalidInputException(
          "reference '"
              + reference
              + "' is too short: give at least "
              + MIN_PREFIX
              + " characters");
    }
    List<Issue> candidates =
        txn.issues().byIdPrefix(ref.toLowerCase(Locale.ROOT), MAX_CANDIDATES + 1);
    if (candidates.isEmpty()) {
      throw new NotFoundException("no issue matches '" + reference + "'");
    }
    if (candidates.size() > 1) {
      String listed =
          candidates.stream()
              .limit(MAX_CANDIDATES)
              .map(
                  issue ->
                      issue.id().substring(0, Math.max(ref.length() + 4, 12))
                          + " "
                          + oneLine(issue.title()))
              .collect(Collectors.joining("; "));
      String more = candidates.size() > MAX_CANDIDATES ? "; ..." : "";
      throw new InvalidInputException(
          "reference '" + reference + "' is ambiguous: " + listed + more);
    }
    return candidates.get(0).id();
  }

  /** A title fit for a one-line error: control characters (newlines, ESC) become spaces. */
  private static String oneLine(String title) {
    return CONTROL.matcher(title).replaceAll(" ");
  }
}
