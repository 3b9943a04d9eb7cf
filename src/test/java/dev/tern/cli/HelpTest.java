package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command's help says what each option and parameter takes, names the allowed values of those
 * that have a fixed set, and ends with at least one example.
 */
class HelpTest {
  @TempDir Path home;

  @Test
  void everyOptionSaysWhatItTakesAndEveryCommandHasAnExample() throws Exception {
    List<String> problems = new ArrayList<>();
    try (Session session =
        new Session(
            Map.of("TERN_HOME", home.toString()),
            new dev.tern.cli.view.Terminal(System.out, System.err, false, Map.of()),
            java.io.InputStream.nullInputStream(),
            java.time.ZoneOffset.UTC)) {
      walk(Tern.commandLine(session), problems);
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void helpShowsTheExamples() {
    Cli.Result help = new Cli(home).run("close", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Examples:").contains("tern close ENG-42 ENG-43");
  }

  private static void walk(CommandLine command, List<String> problems) {
    CommandSpec spec = command.getCommandSpec();
    String name = spec.qualifiedName();
    // Hidden commands (the shells' __complete) are for scripts, never shown in help.
    if (!name.equals("tern help") && !spec.usageMessage().hidden()) {
      if (spec.subcommands().isEmpty()
          || spec.userObject() instanceof Runnable
          || spec.userObject() instanceof java.util.concurrent.Callable) {
        String footer = String.join("\n", spec.usageMessage().footer());
        if (!footer.contains(name.equals("tern") ? "tern " : name)) {
          problems.add(name + ": no example");
        }
      }
      for (OptionSpec option : spec.options()) {
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        String description = String.join(" ", option.description());
        if (description.isBlank()) {
          problems.add(name + " " + option.longestName() + ": no description");
        }
        if (option.completionCandidates() != null) {
          for (String value : option.completionCandidates()) {
            if (!description.contains(value)) {
              problems.add(name + " " + option.longestName() + ": does not name " + value);
            }
          }
        }
      }
      for (PositionalParamSpec parameter : spec.positionalParameters()) {
        if (String.join(" ", parameter.description()).isBlank()) {
          problems.add(name + " " + parameter.paramLabel() + ": no description");
        }
      }
    }
    command.getSubcommands().values().stream()
        .distinct()
        .forEach(subcommand -> walk(subcommand, problems));
  }
}
