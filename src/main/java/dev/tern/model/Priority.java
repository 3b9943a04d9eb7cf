package dev.tern.model;

import java.util.Locale;

/** Issue priority: 0 none, 1 urgent, 2 high, 3 medium, 4 low (Linear's scale). */
public enum Priority {
  NONE,
  URGENT,
  HIGH,
  MEDIUM,
  LOW;

  public int level() {
    return ordinal();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Priority ofLevel(int level) {
    if (level < 0 || level >= values().length) {
      throw new InvalidInputException("priority level out of range: " + level);
    }
    return values()[level];
  }

  /** Accepts a level (0-4) or a name (none, urgent, high, medium, low). */
  public static Priority parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Priority priority : values()) {
      if (priority.label().equals(wanted) || String.valueOf(priority.level()).equals(wanted)) {
        return priority;
      }
    }
    throw new InvalidInputException("unknown priority '" + text + "' (allowed: " + allowed() + ")");
  }

  public static String allowed() {
    return "0 none, 1 urgent, 2 high, 3 medium, 4 low";
  }
}
