package dev.tern.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Label sets in their text form: sorted, comma-joined ({@code "bug,ui"}). Labels are single tokens
 * without commas or white space, so the text form is unambiguous and stores as one field value.
 */
public final class Labels {
  private Labels() {}

  /** The empty label set, unmodifiable. */
  public static final SortedSet<String> EMPTY =
      java.util.Collections.unmodifiableSortedSet(new TreeSet<>());

  public static String validate(String label) {
    String trimmed = label.trim();
    if (trimmed.isEmpty()
        || !trimmed.chars().noneMatch(c -> c == ',' || Character.isWhitespace(c))) {
      throw new InvalidInputException(
          "invalid label '" + label + "': labels are one word, without commas or spaces");
    }
    return trimmed;
  }

  public static SortedSet<String> parse(String text) {
    SortedSet<String> labels = new TreeSet<>();
    if (text != null && !text.isEmpty()) {
      labels.addAll(Arrays.asList(text.split(",")));
    }
    return labels;
  }

  public static String format(Collection<String> labels) {
    return String.join(",", new TreeSet<>(labels));
  }
}
