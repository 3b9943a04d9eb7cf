package dev.tern.cli.manual;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One command's man page in troff ({@code man(7)} macros): name, synopsis, description, arguments,
 * options, subcommands and where to look next, all read from the command's picocli model, so the
 * page says what {@code --help} says.
 */
public final class ManPage {
  private ManPage() {}

  /** The page's file name without its section: {@code tern-server-user-add}. */
  public static String name(CommandSpec command) {
    return command.qualifiedName("-");
  }

  /** The page for {@code command}; {@code version} goes in its footer. */
  public static String troff(CommandSpec command, String version) {
    StringBuilder page = new StringBuilder();
    String name = name(command);
    page.append(".TH ")
        .append(quote(name.toUpperCase(java.util.Locale.ROOT)))
        .append(" 1 \"\" ")
        .append(quote(version))
        .append(" \"tern manual\"\n");
    page.append(".SH NAME\n").append(escape(name)).append(" \\- ");
    page.append(escape(summary(command))).append('\n');

    page.append(".SH SYNOPSIS\n.nf\n");
    CommandLine.Help help =
        new CommandLine.Help(command, new CommandLine.Help.ColorScheme.Builder(Ansi.OFF).build());
    for (String line : help.synopsis(0).strip().split("\n")) {
      page.append(escape(line.replaceFirst("^Usage: ", ""))).append('\n');
    }
    page.append(".fi\n");

    List<String> description = lines(command.usageMessage().description());
    if (!description.isEmpty()) {
      page.append(".SH DESCRIPTION\n");
      paragraphs(page, description);
    }

    List<PositionalParamSpec> parameters =
        command.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!parameters.isEmpty()) {
      page.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec parameter : parameters) {
        page.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n");
        paragraphs(page, lines(parameter.description()));
      }
    }

    List<OptionSpec> options = command.options().stream().filter(o -> !o.hidden()).toList();
    if (!options.isEmpty()) {
      page.append(".SH OPTIONS\n");
      for (OptionSpec option : options) {
        page.append(".TP\n");
        List<String> names = new ArrayList<>();
        for (String optionName : option.names()) {
          names.add("\\fB" + escape(optionName) + "\\fR");
        }
        page.append(String.join(", ", names));
        if (option.arity().max() > 0) {
          page.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
        }
        page.append('\n');
        paragraphs(page, lines(option.description()));
      }
    }

    List<String> seeAlso = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    for (Map.Entry<String, CommandLine> entry : command.subcommands().entrySet()) {
      CommandSpec subcommand = entry.getValue().getCommandSpec();
      if (!entry.getKey().equals(subcommand.name()) || subcommand.usageMessage().hidden()) {
        continue;
      }
      commands.add(
          ".TP\n\\fB"
              + escape(subcommand.name())
              + "\\fR\n"
              + escape(summary(subcommand))
              + " See \\fB"
              + escape(name(subcommand))
              + "\\fR(1).\n");
      seeAlso.add("\\fB" + escape(name(subcommand)) + "\\fR(1)");
    }
    if (!commands.isEmpty()) {
      page.append(".SH COMMANDS\n");
      commands.forEach(page::append);
    }

    List<String> footer = lines(command.usageMessage().footer());
    if (!footer.isEmpty()) {
      page.append(".SH NOTES\n");
      paragraphs(page, footer);
    }

    if (command.parent() != null) {
      seeAlso.add(0, "\\fB" + escape(name(command.parent())) + "\\fR(1)");
    }
    if (!seeAlso.isEmpty()) {
      page.append(".SH SEE ALSO\n").append(String.join(", ", seeAlso)).append('\n');
    }
    return page.toString();
  }

  /** What a command does in one line: its header, else the first line of its description. */
  static String summary(CommandSpec command) {
    List<String> header = lines(command.usageMessage().header());
    if (!header.isEmpty()) {
      return header.get(0);
    }
    List<String> description = lines(command.usageMessage().description());
    return description.isEmpty() ? "" : description.get(0);
  }

  /** The lines of a picocli text, its {@code %n} line breaks split out, blank ones dropped. */
  private static List<String> lines(String[] text) {
    List<String> lines = new ArrayList<>();
    for (String block : text) {
      for (String line : block.split("%n|\n")) {
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
      }
    }
    return lines;
  }

  private static void paragraphs(StringBuilder page, List<String> lines) {
    for (int index = 0; index < lines.size(); index++) {
      if (index > 0) {
        page.append(".br\n");
      }
      page.append(escape(lines.get(index))).append('\n');
    }
  }

  /** Text that troff prints as it is: backslashes, dashes, and a leading dot or quote made safe. */
  static String escape(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    if (escaped.startsWith(".") || escaped.startsWith("'")) {
      escaped = "\\&" + escaped;
    }
    return escaped;
  }

  private static String quote(String text) {
    return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
  }
}
