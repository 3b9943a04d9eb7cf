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
  private PrintStream out;
  private final PrintStream err;
  private final boolean interactive;
  private final boolean color;
  private final String columnsVariable;
  private final Map<String, String> env;
  private Process pager;
  private int depth;
  private int width;
  private WriteWatch watch;
  private boolean system;

  public Terminal(PrintStream out, PrintStream err, boolean interactive, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.color = interactive && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    this.columnsVariable = env.get("COLUMNS");
    this.env = env;
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
    terminal.system = true;
    return terminal;
  }

  /**
   * Marks the start of a command on this terminal and returns how deep it is: 1 for the command the
   * process was started with, more for one that {@code tern batch} or {@code tern repl} runs. Pair
   * with {@link #commandEnded}.
   */
  public int commandStarted() {
    return ++depth;
  }

  public void commandEnded() {
    depth--;
  }

  /**
   * Sends the rest of standard output through a pager, as {@code git} does: {@code $TERN_PAGER},
   * else {@code $PAGER}, else {@code less -FRX} (which exits at once when the text fits the
   * screen). Only for the process's own command on a real terminal: never into a pipe, never inside
   * {@code batch} or {@code repl}. An empty pager or {@code cat} means none. When the pager cannot
   * start, output goes to the terminal as before.
   */
  public void page() {
    if (!system || !interactive || pager != null || depth > 1) {
      return;
    }
    String command = env.get("TERN_PAGER");
    if (command == null) {
      command = env.get("PAGER");
    }
    if (command == null) {
      command = onPath("less") ? "less -FRX" : "";
    }
    command = command.strip();
    if (command.isEmpty() || command.equals("cat")) {
      return;
    }
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    // less keeps colour, quits when one screen holds it all, and leaves the screen alone.
    builder.environment().putIfAbsent("LESS", "FRX");
    builder.environment().putIfAbsent("LV", "-c");
    try {
      pager = builder.start();
    } catch (IOException e) {
      return;
    }
    out.flush();
    watch = new WriteWatch(pager.getOutputStream());
    out = new PrintStream(new BufferedOutputStream(watch, 1 << 16), false, StandardCharsets.UTF_8);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(java.io.File.pathSeparator)) {
      if (!directory.isEmpty()
          && java.nio.file.Files.isExecutable(java.nio.file.Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }

  /** Hands the last of the output to the pager, if one runs, and waits until the user leaves it. */
  private void closePager() {
    if (pager == null) {
      return;
    }
    out.close();
    try {
      pager.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Flushes standard output and tells how writing it went: empty when every byte was written or the
   * reader went away (a closed pipe, as {@code tern ls | head} does: not a failure), else the
   * reason the bytes were lost ({@code No space left on device}).
   */
  public java.util.Optional<String> writeFailure() {
    out.flush();
    closePager();
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

  /**
   * The width of the terminal: {@code $COLUMNS} when it is set (shells seldom export it; tests and
   * scripts do), else what the terminal itself says through JLine, else 80. Asked once, on first
   * use, and only on a terminal: pipes get whole lines.
   */
  private int columns() {
    if (!interactive) {
      return Integer.MAX_VALUE;
    }
    if (columnsVariable != null) {
      try {
        return Math.max(MIN_WIDTH, Integer.parseInt(columnsVariable.trim()));
      } catch (NumberFormatException e) {
        // fall through to the terminal's own word
      }
    }
    int asked = system ? askTerminal() : 0;
    return asked > 0 ? Math.max(MIN_WIDTH, asked) : DEFAULT_WIDTH;
  }

  private static final int MIN_WIDTH = 20;
  private static final int DEFAULT_WIDTH = 80;

  /** The terminal's width as JLine reads it (an ioctl), or 0 when it cannot tell. */
  private static int askTerminal() {
    java.util.logging.Logger jline = java.util.logging.Logger.getLogger("org.jline");
    java.util.logging.Level level = jline.getLevel();
    jline.setLevel(java.util.logging.Level.OFF); // no warning about a dumb terminal on stderr
    try (org.jline.terminal.Terminal terminal =
        org.jline.terminal.TerminalBuilder.builder()
            .system(true)
            .dumb(true)
            .nativeSignals(false)
            .build()) {
      return terminal.getWidth();
    } catch (IOException | RuntimeException e) {
      return 0;
    } finally {
      jline.setLevel(level);
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
    if (width == 0) {
      width = columns();
    }
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
