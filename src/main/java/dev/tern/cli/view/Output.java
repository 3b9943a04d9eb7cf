package dev.tern.cli.view;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Where and how a command shows its result: on which terminal, in which zone times are shown, and
 * whether as JSON (one document per line, for scripts) or as text for people.
 */
public record Output(Terminal terminal, ZoneId zone, boolean json) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** A time as the text views show it: minutes, in the user's zone. */
  String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }
}
