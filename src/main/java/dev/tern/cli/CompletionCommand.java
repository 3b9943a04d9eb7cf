package dev.tern.cli;

import dev.tern.model.InvalidInputException;
import java.io.PrintStream;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/**
 * Prints a completion script. bash and zsh use picocli's generated script (zsh through
 * bashcompinit); fish gets one written here from the same command model.
 */
@Command(name = "completion", description = "Print a shell completion script: bash, zsh or fish.")
final class CompletionCommand extends TernCommand {
  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish")
  String shell;

  @Override
  int run() {
    CommandLine root = spec.root().commandLine();
    PrintStream out = terminal().out();
    switch (shell) {
      case "bash" -> out.print(AutoComplete.bash("tern", root));
      case "zsh" -> {
        out.println("autoload -U +X compinit && compinit");
        out.println("autoload -U +X bashcompinit && bashcompinit");
        out.print(AutoComplete.bash("tern", root));
      }
      case "fish" -> fish(out, root.getCommandSpec());
      default ->
          throw new InvalidInputException(
              "unknown shell '" + shell + "' (allowed: bash, zsh, fish)");
    }
    out.flush();
    return ExitCode.OK;
  }

  private static void fish(PrintStream out, CommandSpec root) {
    out.println(
        "# tern completions for fish: tern completion fish > ~/.config/fish/completions/tern.fish");
    out.println("complete -c tern -f");
    for (Map.Entry<String, CommandLine> entry : root.subcommands().entrySet()) {
      CommandSpec command = entry.getValue().getCommandSpec();
      if (!entry.getKey().equals(command.name())) {
        continue;
      }
      out.println(
          "complete -c tern -n __fish_use_subcommand -a "
              + command.name()
              + " -d "
              + quote(first(command.usageMessage().description())));
      for (OptionSpec option : command.options()) {
        for (String name : option.names()) {
          String flag =
              name.startsWith("--") ? "-l " + name.substring(2) : "-s " + name.substring(1);
          out.println(
              "complete -c tern -n '__fish_seen_subcommand_from "
                  + command.name()
                  + "' "
                  + flag
                  + (option.arity().max() > 0 ? " -r" : "")
                  + " -d "
                  + quote(first(option.description())));
        }
      }
    }
  }

  private static String first(String[] lines) {
    return lines.length == 0 ? "" : lines[0];
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
