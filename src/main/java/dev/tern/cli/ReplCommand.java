package dev.tern.cli;

import dev.tern.cli.completion.Candidate;
import dev.tern.cli.completion.StoreValues;
import dev.tern.cli.completion.WordCompleter;
import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.builtins.Completers;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An interactive shell on the command tree: line editing, history and TAB completion from JLine,
 * one JVM and one open store for every command typed. Lines split as in {@code tern batch} ({@link
 * CommandLineWords}: no history expansion), TAB offers what shell completion offers ({@link
 * WordCompleter}, with the store's values), and the tree holds only the commands that run here, so
 * {@code help} lists those. With {@code --watch} a {@link ReplWatch} keeps live sync running and
 * prints incoming changes above the line being typed.
 */
@Command(
    name = "repl",
    description = {
      "Interactive shell: type commands without 'tern', TAB completes, Ctrl-D or 'exit' leaves.",
      "Example: tern repl --watch"
    })
final class ReplCommand extends TernCommand {
  /** Commands that do not run inside the REPL: they read standard input or never return. */
  static final List<Class<?>> OUTSIDE = List.of(ReplCommand.class, BatchCommand.class);

  @Option(
      names = "--watch",
      description =
          "Keep live sync running (as 'tern watch' does); changes appear above the prompt.")
  boolean watch;

  @Override
  int run() throws Exception {
    Session session = session();
    CommandLine commandLine = Tern.commandLine(session, commands());
    ((Tern) commandLine.getCommand()).options.profile = session.profile().name();
    try (org.jline.terminal.Terminal terminal =
        TerminalBuilder.builder().system(true).dumb(true).build()) {
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("tern")
              .parser(new ReplLineParser())
              .completer(completer(session, commandLine))
              .variable(
                  LineReader.HISTORY_FILE,
                  Path.of(session.profile().home().toString(), "repl_history"))
              .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
              .option(LineReader.Option.CASE_INSENSITIVE, true)
              .build();
      ReplWatch live = watch ? ReplWatch.start(session, reader) : null;
      try {
        return loop(session, commandLine, reader);
      } finally {
        if (live != null) {
          live.close();
        }
      }
    }
  }

  /** Every command but those of {@link #OUTSIDE} and {@code watch} (which {@code --watch} is). */
  private static List<Class<?>> commands() {
    List<Class<?>> commands = new ArrayList<>(Tern.SUBCOMMANDS);
    commands.removeAll(OUTSIDE);
    commands.remove(WatchCommand.class);
    return commands;
  }

  private static int loop(Session session, CommandLine commandLine, LineReader reader) {
    String prompt = "tern(" + Text.printable(session.profile().name(), false) + ")> ";
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        return ExitCode.OK;
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.equals("exit") || trimmed.equals("quit")) {
        return ExitCode.OK;
      }
      List<String> words;
      try {
        words = new ArrayList<>(CommandLineWords.split(trimmed));
      } catch (InvalidInputException e) {
        session.terminal().err().println("tern: " + e.getMessage());
        continue;
      }
      if (words.get(0).equals("tern")) {
        words.remove(0);
      }
      if (!words.isEmpty() && List.of("repl", "batch", "watch").contains(words.get(0))) {
        session
            .terminal()
            .err()
            .println(
                "tern: '"
                    + words.get(0)
                    + "' does not run inside the repl"
                    + (words.get(0).equals("watch") ? " (start it as: tern repl --watch)" : ""));
        continue;
      }
      commandLine.execute(words.toArray(String[]::new));
      session.terminal().out().flush();
    }
  }

  /** TAB: what {@link WordCompleter} offers after the words before the cursor. */
  private static Completer completer(Session session, CommandLine commandLine) {
    Completer files = new Completers.FileNameCompleter();
    return (reader, line, candidates) -> {
      List<String> words = new ArrayList<>(line.words().subList(0, line.wordIndex()));
      words.add(line.word().substring(0, line.wordCursor()));
      if (!words.isEmpty() && words.get(0).equals("tern")) {
        words.remove(0);
      }
      WordCompleter.Completion completion;
      try {
        completion =
            WordCompleter.complete(
                commandLine.getCommandSpec(),
                words,
                new StoreValues(session.replica(), session.profile().home()));
      } catch (RuntimeException e) {
        return; // the store could not be read: nothing to offer rather than a broken prompt
      }
      if (completion.files()) {
        files.complete(reader, line, candidates);
        return;
      }
      for (Candidate candidate : completion.candidates()) {
        candidates.add(
            new org.jline.reader.Candidate(
                candidate.value(),
                candidate.value(),
                null,
                candidate.description().isEmpty() ? null : candidate.description(),
                null,
                null,
                !candidate.value().endsWith("=")));
      }
    };
  }
}
