package dev.tern.cli.view;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
  private WriteWatch watch;

  public Terminal(PrintStream out, PrintStream err, boolean interactive, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.color = interactive && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    this.width = columns(env.get("COLUMNS"), interactive);
  }

  /**
   * The process's own terminal, judged by {@link System#console()}. Standard output goes straight
   * to its file descriptor through a {@link WriteWatch}, so a write that failed is known at exit.
   */
  public static Terminal system(Map<String, String> env) {
    WriteWatch watch = new WriteWatch(new FileOutputStream(FileDescriptor.out));
    Terminal terminal =
        new Terminal(
            new PrintStream(
                new BufferedOutputStream(watch, 1 << 16), false, StandardCharsets.UTF_8),
            new PrintStream(System.err, true, StandardCharsets.UTF_8),
            System.console() != null,
            env);
    terminal.watch = watch;
    return terminal;
  }

  /**
   * Flushes standard output and tells how writing it went: empty when every byte was written or the
   * reader went away (a closed pipe, as {@code tern ls | head} does: not a failure), else the
   * reason the bytes were lost ({@code No space left on device}).
   */
  public java.util.Optional<String> writeFailure() {
    out.flush();
    if (watch == null || watch.failure == null) {
      return java.util.Optional.empty();
    }
    String reason = String.valueOf(watch.failure.getMessage());
    if (reason.toLowerCase(java.util.Locale.ROOT).contains("broken pipe")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(reason);
  }

  /**
   * An output stream that remembers its first write failure: {@link PrintStream} swallows it, and a
   * command whose output went nowhere must not exit 0.
   */
  static final class WriteWatch extends FilterOutputStream {
    private IOException failure;

    WriteWatch(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (failure != null) {
        throw failure; // nothing more gets through once the output failed
      }
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
        throw e;
      }
    }
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
