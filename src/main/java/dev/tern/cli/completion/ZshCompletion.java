package dev.tern.cli.completion;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A zsh completion function, {@code _tern}: one function per command, each an {@code _arguments}
 * spec of its options and parameters, and {@code _describe} for the subcommands of a command that
 * has them. It works from {@code $fpath} (the {@code #compdef} line) and when sourced.
 */
public final class ZshCompletion {
  private ZshCompletion() {}

  /** The script for the command tree under {@code root}. */
  public static String script(CommandSpec root) {
    String name = root.name();
    StringBuilder out = new StringBuilder();
    out.append("#compdef ").append(name).append('\n');
    out.append("# zsh completion for ")
        .append(name)
        .append(", written by `")
        .append(name)
        .append(" completion zsh`: edit the commands, not this file.\n");
    out.append("# Install: save it as _")
        .append(name)
        .append(" in a directory on $fpath, or run: source <(")
        .append(name)
        .append(" completion zsh)\n");
    function(out, "_" + name, root);
    out.append('\n')
        .append("if [ \"$funcstack[1]\" = \"_")
        .append(name)
        .append("\" ]; then\n")
        .append("  _")
        .append(name)
        .append(" \"$@\"\n")
        .append("else\n")
        .append("  compdef _")
        .append(name)
        .append(' ')
        .append(name)
        .append('\n')
        .append("fi\n");
    return out.toString();
  }

  private static void function(StringBuilder out, String function, CommandSpec command) {
    List<CommandSpec> subcommands = CommandTree.subcommands(command);
    List<String> specs = new ArrayList<>();
    CommandTree.options(command).forEach(option -> specs.add(option(option)));
    out.append('\n').append(function).append("() {\n");
    if (subcommands.isEmpty()) {
      CommandTree.positionals(command).forEach(positional -> specs.add(positional(positional)));
      out.append("  _arguments");
      specs.forEach(spec -> out.append(" \\\n    ").append(spec));
      out.append("\n}\n");
      return;
    }
    specs.add(quote("1: :->command"));
    specs.add(quote("*:: :->argument"));
    out.append("  local curcontext=\"$curcontext\" state line\n");
    out.append("  typeset -A opt_args\n");
    out.append("  _arguments -C");
    specs.forEach(spec -> out.append(" \\\n    ").append(spec));
    out.append("\n  case $state in\n");
    out.append("    command)\n");
    out.append("      local -a commands\n");
    out.append("      commands=(\n");
    for (CommandSpec subcommand : subcommands) {
      String summary = CommandTree.summary(subcommand);
      for (String name : CommandTree.names(subcommand)) {
        out.append("        ").append(quote(name + ":" + summary)).append('\n');
      }
    }
    out.append("      )\n");
    out.append("      _describe -t commands ")
        .append(quote(command.qualifiedName() + " command"))
        .append(" commands\n");
    out.append("      ;;\n");
    out.append("    argument)\n");
    out.append("      curcontext=\"${curcontext%:*:*}:")
        .append(command.qualifiedName("-"))
        .append("-$words[1]:\"\n");
    out.append("      case $words[1] in\n");
    for (CommandSpec subcommand : subcommands) {
      out.append("        ")
          .append(String.join("|", CommandTree.names(subcommand)))
          .append(") ")
          .append(function(function, subcommand))
          .append(" ;;\n");
    }
    out.append("      esac\n");
    out.append("      ;;\n");
    out.append("  esac\n");
    out.append("}\n");
    for (CommandSpec subcommand : subcommands) {
      function(out, function(function, subcommand), subcommand);
    }
  }

  private static String function(String parent, CommandSpec command) {
    return parent + "_" + command.name().replaceAll("[^A-Za-z0-9]", "_");
  }

  /**
   * An option's spec: {@code '(-d --description)'{-d+,--description=}'[The description.]:TEXT: '}.
   * A value may follow a long name after {@code =} or as the next word, a short name directly or as
   * the next word, as picocli accepts them.
   */
  private static String option(OptionSpec option) {
    String[] names = option.names();
    boolean takesValue = CommandTree.takesValue(option);
    List<String> forms = new ArrayList<>();
    for (String name : names) {
      forms.add(takesValue ? name + (name.startsWith("--") ? "=" : "+") : name);
    }
    String prefix;
    if (option.usageHelp() || option.versionHelp()) {
      prefix = "(- *)";
    } else if (option.isMultiValue()) {
      prefix = "*";
    } else if (names.length > 1) {
      prefix = "(" + String.join(" ", names) + ")";
    } else {
      prefix = "";
    }
    String summary = CommandTree.summary(option.description());
    String rest =
        (summary.isEmpty() ? "" : "[" + bracketed(summary) + "]")
            + (takesValue ? ":" + message(option.paramLabel()) + ":" + action(option) : "");
    if (forms.size() == 1) {
      return quote(prefix + forms.get(0) + rest);
    }
    return (prefix.isEmpty() ? "" : quote(prefix))
        + "{"
        + String.join(",", forms)
        + "}"
        + quote(rest);
  }

  /** A parameter's spec: {@code ':REF: '}, {@code '::TEXT: '} when optional, {@code '*:...'}. */
  private static String positional(PositionalParamSpec positional) {
    String colons;
    if (positional.arity().max() > 1) {
      colons = "*:";
    } else if (positional.arity().min() == 0) {
      colons = "::";
    } else {
      colons = ":";
    }
    return quote(colons + message(positional.paramLabel()) + ":" + action(positional));
  }

  /** What zsh offers for a value: the candidates, files, or nothing (a space). */
  private static String action(ArgSpec arg) {
    List<String> candidates = CommandTree.candidates(arg);
    if (!candidates.isEmpty()) {
      List<String> escaped = new ArrayList<>();
      candidates.forEach(value -> escaped.add(value.replaceAll("([\\\\ ():])", "\\\\$1")));
      return "(" + String.join(" ", escaped) + ")";
    }
    return CommandTree.isFile(arg) ? "_files" : " ";
  }

  /** Text for inside {@code [...]} of a spec. */
  private static String bracketed(String text) {
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
  }

  /** A spec's message, where a colon would end it. */
  private static String message(String text) {
    return text.replace("\\", "\\\\").replace(":", "\\:");
  }

  /** A single-quoted zsh word. */
  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
