package dev.tern.cli.completion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** What the completion writers read from picocli's model, the same way for every shell. */
final class CommandTree {
  private CommandTree() {}

  /** The subcommands of {@code command} under their own names (an alias is not a second one). */
  static List<CommandSpec> subcommands(CommandSpec command) {
    List<CommandSpec> subcommands = new ArrayList<>();
    for (Map.Entry<String, CommandLine> entry : command.subcommands().entrySet()) {
      CommandSpec subcommand = entry.getValue().getCommandSpec();
      if (entry.getKey().equals(subcommand.name()) && !subcommand.usageMessage().hidden()) {
        subcommands.add(subcommand);
      }
    }
    return subcommands;
  }

  /** The name and the aliases of {@code command}. */
  static List<String> names(CommandSpec command) {
    List<String> names = new ArrayList<>();
    names.add(command.name());
    names.addAll(List.of(command.aliases()));
    return names;
  }

  static List<OptionSpec> options(CommandSpec command) {
    return command.options().stream().filter(option -> !option.hidden()).toList();
  }

  static List<PositionalParamSpec> positionals(CommandSpec command) {
    return command.positionalParameters().stream()
        .filter(positional -> !positional.hidden())
        .toList();
  }

  /** The first line of a description, or nothing. */
  static String summary(String[] description) {
    for (String line : description) {
      String text = line.replace("%n", " ").strip();
      if (!text.isEmpty()) {
        return text;
      }
    }
    return "";
  }

  /** What a command does, in one line: its header if it has one (as {@code help} does). */
  static String summary(CommandSpec command) {
    String header = summary(command.usageMessage().header());
    return header.isEmpty() ? summary(command.usageMessage().description()) : header;
  }

  static boolean takesValue(ArgSpec arg) {
    return arg.arity().max() > 0;
  }

  /** The values offered for {@code arg}: its completion candidates, or none. */
  static List<String> candidates(ArgSpec arg) {
    List<String> values = new ArrayList<>();
    if (arg.completionCandidates() != null) {
      arg.completionCandidates().forEach(values::add);
    }
    return values;
  }

  /** True when {@code arg} names a file: a path type, or FILE in its label. */
  static boolean isFile(ArgSpec arg) {
    return Path.class.isAssignableFrom(arg.type())
        || java.io.File.class.isAssignableFrom(arg.type())
        || arg.paramLabel().contains("FILE");
  }
}
