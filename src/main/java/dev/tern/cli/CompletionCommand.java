package dev.tern.cli;

import dev.tern.cli.completion.FishCompletion;
import dev.tern.cli.completion.ZshCompletion;
import dev.tern.model.InvalidInputException;
import java.io.PrintStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Prints a completion script: picocli's for bash, and for zsh and fish ones written from the same
 * command model. The repository's {@code completions/} folder holds what this prints.
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
    CommandLine root = spec.root().commandLine();
    PrintStream out = terminal().out();
    switch (shell) {
      case "bash" -> out.print(AutoComplete.bash("tern", root));
      case "zsh" -> out.print(ZshCompletion.script(root.getCommandSpec()));
      case "fish" -> out.print(FishCompletion.script(root.getCommandSpec()));
      default ->
          throw new InvalidInputException(
              "unknown shell '" + shell + "' (allowed: bash, zsh, fish)");
    }
    out.flush();
    return ExitCode.OK;
  }
}
