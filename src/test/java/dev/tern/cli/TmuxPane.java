package dev.tern.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for tests that use tern as a person does: one tmux pane of a given size, on a
 * tmux server of its own.
 *
 * <p>Its own server, because tmux's shared default one exits with its last session: a test that
 * kills its session and starts the next one at once met the exiting server about one time in
 * twenty-five ("server exited unexpectedly"), and its command then never ran.
 */
final class TmuxPane implements AutoCloseable {
  /** The socket of the pane's server, in a directory of its own that closing removes. */
  private final Path socket;

  private TmuxPane(Path socket) {
    this.socket = socket;
  }

  static boolean installed() {
    return ShellCompletionTest.installed("tmux");
  }

  /**
   * Starts {@code command} (a shell command line) in a new pane {@code columns} by {@code rows}.
   */
  static TmuxPane start(int columns, int rows, String command) throws Exception {
    TmuxPane pane = new TmuxPane(Files.createTempDirectory("tern-tmux").resolve("socket"));
    pane.tmux("new-session", "-d", "-s", "tern", "-x", "" + columns, "-y", "" + rows, command);
    return pane;
  }

  /** Types keys, as tmux's send-keys names them ("Enter", "Tab", "C-u", or literal text). */
  void type(String... keys) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("send-keys", "-t", "tern"));
    arguments.addAll(List.of(keys));
    tmux(arguments.toArray(String[]::new));
  }

  /** What the pane shows now, without the blank lines below the last line written. */
  String screen() throws Exception {
    return tmux("capture-pane", "-p", "-t", "tern").stripTrailing();
  }

  /**
   * Waits (up to a minute: the machine may be busy) until the screen shows what {@code test} wants,
   * and returns that screen.
   */
  String await(Predicate<String> test) throws Exception {
    String screen = "";
    for (int attempt = 0; attempt < 600; attempt++) {
      screen = screen();
      if (test.test(screen)) {
        return screen;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the screen never showed what was expected:\n" + screen);
  }

  /** Ends the pane and its server; one whose command has ended (and its server with it) is fine. */
  @Override
  public void close() throws Exception {
    Process process = new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server").start();
    process.getInputStream().readAllBytes();
    process.waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(socket);
    Files.deleteIfExists(socket.getParent());
  }

  /** Runs a tmux command on this pane's server; a failure is the test's failure, with its words. */
  private String tmux(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + process.exitValue() + ": " + output.strip());
    }
    return output;
  }
}
