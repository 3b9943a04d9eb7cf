package dev.tern.cli.view;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a command writes and how: colour only on a terminal and never under {@code NO_COLOR};
 * titles cut to the width only on a terminal, so pipes get whole lines.
 */
public final class Terminal {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean interactive;
  private final boolean color;
  private final int width;

  public Terminal(PrintStream out, PrintStream err, boolean interactive, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.color = interactive && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    this.width = columns(env.get("COLUMNS"), interactive);
  }

  /** The process's own terminal, judged by {@link System#console()}. */
  public static Terminal system(Map<String, String> env) {
    return new Terminal(
        new PrintStream(System.out, false, StandardCharsets.UTF_8),
        new PrintStream(System.err, true, StandardCharsets.UTF_8),
        System.console() != null,
        env);
  }

  private static int columns(String value, boolean interactive) {
    if (!interactive) {
      return Integer.MAX_VALUE;
    }
    try {
      return value == null ? 100 : Math.max(40, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public boolean interactive() {
    return interactive;
  }

  public int width() {
    return width;
  }

  /** Wraps {@code text} in an ANSI style when colour is on. */
  public String style(Style style, String text) {
    return color && style != Style.PLAIN ? style.code + text + "\u001b[0m" : text;
  }

  /** ANSI styles tern uses. */
  public enum Style {
    PLAIN(""),
    BOLD("\u001b[1m"),
    DIM("\u001b[2m"),
    RED("\u001b[31m"),
    GREEN("\u001b[32m"),
    YELLOW("\u001b[33m"),
    BLUE("\u001b[34m"),
    MAGENTA("\u001b[35m"),
    CYAN("\u001b[36m");

    final String code;

    Style(String code) {
      this.code = code;
    }
  }
}
