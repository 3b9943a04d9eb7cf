package dev.tern.cli;

import dev.tern.cli.view.Json;
import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Many commands in one process, one per line, so scripts pay the JVM's start-up once. Blank lines
 * and lines starting with {@code #} are skipped; a leading {@code tern} is optional. Without {@code
 * --atomic} each command stands alone and a failure is reported and skipped; with it, the first
 * failure rolls every command back.
 */
@Command(name = "batch", description = "Run many commands (one per line) in one process.")
final class BatchCommand extends TernCommand {
  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Read commands from FILE (default '-': standard input).")
  String file = "-";

  @Option(names = "--atomic", description = "All or nothing: any failure rolls back every command.")
  boolean atomic;

  @Override
  int run() throws Exception {
    session();
    int[] worst = {ExitCode.OK};
    try (BufferedReader in = open()) {
      if (!atomic) {
        // Line by line as they arrive, so a script can feed commands and read results as it goes.
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          worst[0] = Math.max(worst[0], runLine(line, ++number));
        }
        return worst[0];
      }
      boolean committed =
          replica()
              .atomically(
                  () -> {
                    int number = 0;
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                      int code = runLine(line, ++number);
                      if (code != ExitCode.OK) {
                        worst[0] = code;
                        return false;
                      }
                    }
                    return true;
                  });
      if (!committed) {
        terminal().err().println("tern: batch rolled back; nothing was changed");
      }
      return worst[0];
    }
  }

  private int runLine(String line, int number) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return ExitCode.OK;
    }
    List<String> words;
    try {
      words = new ArrayList<>(CommandLineWords.split(trimmed));
    } catch (InvalidInputException e) {
      if (json()) {
        Json.error(terminal(), ExitCode.USAGE, e.getMessage(), number);
      } else {
        terminal()
            .err()
            .println("tern: line " + number + ": " + Text.printable(e.getMessage(), false));
      }
      return ExitCode.USAGE;
    }
    if (!words.isEmpty() && words.get(0).equals("tern")) {
      words.remove(0);
    }
    if (!words.isEmpty() && List.of("batch", "repl").contains(words.get(0))) {
      if (json()) {
        Json.error(
            terminal(), ExitCode.USAGE, "'" + words.get(0) + "' cannot run inside a batch", number);
        return ExitCode.USAGE;
      }
      terminal()
          .err()
          .println(
              "tern: line "
                  + number
                  + ": '"
                  + Text.printable(words.get(0), false)
                  + "' cannot run inside a batch");
      return ExitCode.USAGE;
    }
    String[] args = words.toArray(String[]::new);
    CommandLine commandLine = tree(args);
    Tern root = (Tern) commandLine.getCommand();
    root.batchLine = number;
    int code = commandLine.execute(args);
    root.batchLine = null;
    // Under --json the failed command printed its own error document, with this line's number.
    if (code != ExitCode.OK && !json()) {
      terminal().err().println("tern: line " + number + " failed (exit " + code + ")");
    }
    return code;
  }

  /**
   * The command trees the lines run on, each built on first use: one per everyday command (only
   * that subcommand under the root, as a one-shot run has it) and the whole tree (key null) for the
   * rest. picocli resets and walks every subcommand of a tree on each line it runs, so a line on
   * the whole tree of 29 commands costs several times a line on a tree of one (docs/performance.md,
   * "Batch").
   */
  private final Map<Class<?>, CommandLine> trees = new HashMap<>();

  private CommandLine tree(String[] args) {
    Class<?> hot = Tern.hotCommand(args);
    CommandLine tree = trees.get(hot);
    if (tree == null) {
      tree =
          hot == null
              ? Tern.commandLine(session())
              : Tern.commandLine(session(), List.<Class<?>>of(hot));
      // Set before the tree's first line: picocli takes these as the options' initial values,
      // which every line starts from.
      Tern root = (Tern) tree.getCommand();
      root.options.json = json();
      root.options.profile =
          options.profile != null
              ? options.profile
              : ((Tern) spec.root().userObject()).options.profile;
      trees.put(hot, tree);
    }
    return tree;
  }

  private BufferedReader open() throws IOException {
    if ("-".equals(file)) {
      return new BufferedReader(new InputStreamReader(session().stdin(), StandardCharsets.UTF_8));
    }
    try {
      return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    }
  }
}
