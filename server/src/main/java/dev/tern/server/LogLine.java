package dev.tern.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the server's log, in logfmt: {@code key=value} pairs separated by spaces, starting
 * with {@code time} (UTC, ISO-8601), {@code level} and {@code msg}. A value with a space, a quote,
 * an equals sign or a control character is quoted, with {@code \"}, {@code \\}, {@code \n}, {@code
 * \t} and {@code \\uXXXX} escapes, so that one event is always one line (see docs/architecture.md).
 */
public final class LogLine {
  private final List<String> pairs = new ArrayList<>();

  private LogLine(String level, String message) {
    pairs.add("time=" + Instant.now());
    pairs.add("level=" + level);
    with("msg", message);
  }

  /** An informational event. */
  public static LogLine info(String message) {
    return new LogLine("info", message);
  }

  /** Something went wrong that the operator may need to act on. */
  public static LogLine error(String message) {
    return new LogLine("error", message);
  }

  /** Adds a field; a null value is left out. */
  public LogLine with(String key, Object value) {
    if (value != null) {
      pairs.add(key + "=" + quoted(String.valueOf(value)));
    }
    return this;
  }

  @Override
  public String toString() {
    return String.join(" ", pairs);
  }

  static String quoted(String value) {
    boolean plain = !value.isEmpty();
    for (int index = 0; index < value.length() && plain; index++) {
      char c = value.charAt(index);
      plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7f;
    }
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
