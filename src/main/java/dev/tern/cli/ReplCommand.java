package dev.tern.cli;

import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.SystemCompleter;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.shell.jline3.PicocliCommands;

/**
 * An interactive shell on the same command tree: line editing, history and TAB completion from
 * JLine, one JVM and one open store for every command typed.
 */
@Command(
    name = "repl",
    description = "Interactive shell: type commands without 'tern', TAB completes, Ctrl-D leaves.")
final class ReplCommand extends TernCommand {
  @Override
  int run() throws Exception {
    Session session = session();
    CommandLine commandLine = Tern.commandLine(session);
    ((Tern) commandLine.getCommand()).options.profile = session.profile().name();
    SystemCompleter completer = new PicocliCommands(commandLine).compileCompleters();
    completer.compile();
    try (org.jline.terminal.Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .completer(completer)
              .variable(
                  LineReader.HISTORY_FILE,
                  Path.of(session.profile().home().toString(), "repl_history"))
              .build();
      String prompt = "tern(" + session.profile().name() + ")> ";
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
        if (trimmed.isEmpty()) {
          continue;
        }
        if (trimmed.equals("exit") || trimmed.equals("quit")) {
          return ExitCode.OK;
        }
        List<String> words;
        try {
          words = CommandLineWords.split(trimmed);
        } catch (dev.tern.model.InvalidInputException e) {
          session.terminal().err().println("tern: " + e.getMessage());
          continue;
        }
        if (!words.isEmpty() && List.of("repl", "batch", "watch").contains(words.get(0))) {
          session
              .terminal()
              .err()
              .println("tern: '" + words.get(0) + "' does not run inside the repl");
          continue;
        }
        commandLine.execute(words.toArray(String[]::new));
      }
    }
  }
}
