package dev.tern.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Workflow state of an issue. The wire and store name is the lower-case name. */
public enum State {
  BACKLOG,
  TODO,
  IN_PROGRESS,
  DONE,
  CANCELED;

  // Computed once: an import parses and formats a state per issue (docs/performance.md, "Import").
  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  /** True for the states `tern ls` shows by default. */
  public boolean isOpen() {
    return this != DONE && this != CANCELED;
  }

  public static State parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (State state : values()) {
      if (state.wireName().equals(wanted)) {
        return state;
      }
    }
    throw new InvalidInputException("unknown state '" + text + "' (allowed: " + allowed() + ")");
  }

  public static String allowed() {
    return Arrays.stream(values()).map(State::wireName).collect(Collectors.joining(", "));
  }
}
