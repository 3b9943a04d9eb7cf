package dev.tern.cli;

import dev.tern.cli.completion.ShellScripts;
import dev.tern.model.InvalidInputException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Prints a completion script for bash, zsh or fish. Each calls the hidden {@code tern __complete}
 * ({@link CompleteCommand}) on every TAB, so it offers live values from the store. The repository's
 * {@code completions/} folder holds what this prints.
 */
@Command(name = "completion", description = "Print a shell completion script: bash, zsh or fish.")
final class CompletionCommand extends TernCommand {
  @Parameters(
      paramLabel = "SHELL",
      description = "bash, zsh or fish",
      completionCandidates = CompletionCandidates.Shells.class)
  String shell;

  @Override
  int run() {
    String script = ShellScripts.script(shell, spec.root().name());
    if (script == null) {
      throw new InvalidInputException("unknown shell '" + shell + "' (allowed: bash, zsh, fish)");
    }
    PrintStream out = terminal().out();
    out.print(script);
    out.flush();
    return ExitCode.OK;
  }
}
