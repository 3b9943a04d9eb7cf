package dev.tern.cli.completion;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * fish completions: every command and subcommand with its description, each command's options (with
 * their values where the set is fixed), and parameters that take files or fixed values.
 */
public final class FishCompletion {
  private FishCompletion() {}

  /** The script for the command tree under {@code root}. */
  public static String script(CommandSpec root) {
    String name = root.name();
    StringBuilder out = new StringBuilder();
    out.append("# fish completions for ")
        .append(name)
        .append(", written by `")
        .append(name)
        .append(" completion fish`: edit the commands, not this file.\n");
    out.append("# Install: ")
        .append(name)
        .append(" completion fish > ~/.config/fish/completions/")
        .append(name)
        .append(".fish\n");
    out.append("complete -c ").append(name).append(" -f\n");
    command(out, name, new ArrayList<>(), root);
    return out.toString();
  }

  /**
   * The completions of {@code command}, reached through {@code path} (the commands from the root's
   * first subcommand down to it; empty for the root).
   */
  private static void command(
      StringBuilder out, String program, List<CommandSpec> path, CommandSpec command) {
    List<CommandSpec> subcommands = CommandTree.subcommands(command);
    String here = path.isEmpty() ? "__fish_use_subcommand" : seen(path);
    if (!subcommands.isEmpty() && !path.isEmpty()) {
      // Options and subcommands of a group only until one of its subcommands is given.
      List<String> names = new ArrayList<>();
      subcommands.forEach(subcommand -> names.addAll(CommandTree.names(subcommand)));
      here += "; and not __fish_seen_subcommand_from " + String.join(" ", names);
    }
    String prefix = "complete -c " + program + " -n " + quote(here);
    for (CommandSpec subcommand : subcommands) {
      out.append(prefix)
          .append(" -a ")
          .append(quote(String.join(" ", CommandTree.names(subcommand))))
          .append(" -d ")
          .append(quote(CommandTree.summary(subcommand)))
          .append('\n');
    }
    for (OptionSpec option : CommandTree.options(command)) {
      out.append(prefix).append(option(option)).append('\n');
    }
    if (subcommands.isEmpty()) {
      for (PositionalParamSpec positional : CommandTree.positionals(command)) {
        List<String> candidates = CommandTree.candidates(positional);
        if (!candidates.isEmpty()) {
          out.append(prefix).append(" -a ").append(quote(String.join(" ", candidates)));
          out.append('\n');
        } else if (CommandTree.isFile(positional)) {
          out.append(prefix).append(" -F\n");
        }
      }
    }
    for (CommandSpec subcommand : subcommands) {
      List<CommandSpec> below = new ArrayList<>(path);
      below.add(subcommand);
      command(out, program, below, subcommand);
    }
  }

  /** {@code -s d -l description -x -d 'The description.'}, with values or files when known. */
  private static String option(OptionSpec option) {
    StringBuilder flags = new StringBuilder();
    for (String name : option.names()) {
      if (name.startsWith("--")) {
        flags.append(" -l ").append(name.substring(2));
      } else if (name.length() == 2) {
        flags.append(" -s ").append(name.substring(1));
      } else {
        flags.append(" -o ").append(name.substring(1));
      }
    }
    if (CommandTree.takesValue(option)) {
      List<String> candidates = CommandTree.candidates(option);
      if (CommandTree.isFile(option)) {
        flags.append(" -r -F");
      } else {
        flags.append(" -x");
      }
      if (!candidates.isEmpty()) {
        flags.append(" -a ").append(quote(String.join(" ", candidates)));
      }
    }
    String summary = CommandTree.summary(option.description());
    return summary.isEmpty()
        ? flags.toString()
        : flags.append(" -d ").append(quote(summary)).toString();
  }

  /** True once every command of {@code path} has been typed. */
  private static String seen(List<CommandSpec> path) {
    List<String> tests = new ArrayList<>();
    for (CommandSpec command : path) {
      tests.add("__fish_seen_subcommand_from " + String.join(" ", CommandTree.names(command)));
    }
    return String.join("; and ", tests);
  }

  /** A single-quoted fish word. */
  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
