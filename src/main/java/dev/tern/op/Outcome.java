package dev.tern.op;

import java.util.Locale;

/** What the server did with one pushed operation. */
public enum Outcome {
  /** Every field was applied as sent (possibly after a conflict the operation won). */
  APPLIED,
  /** Applied after merging with a concurrent edit: labels combined or description lines merged. */
  MERGED,
  /** At least one field lost to a later concurrent edit; a conflict record goes to the author. */
  SUPERSEDED,
  /** Refused and not applied; the result carries a code and a message. Takes no sync id. */
  REJECTED,
  /** Seen before: the result repeats the original sync id, or the original rejection. */
  DUPLICATE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when the operation is in the server's log (it took a sync id). */
  public boolean accepted() {
    return this == APPLIED || this == MERGED || this == SUPERSEDED;
  }

  public static Outcome ofWireName(String name) {
    for (Outcome outcome : values()) {
      if (outcome.wireName().equals(name)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown outcome: " + name);
  }
}
