package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scripts in {@code completions/} are generated and committed: they must be exactly what {@code
 * tern completion SHELL} prints now, and each must parse in its shell.
 */
class CompletionsTest {
  static final Path COMPLETIONS = Path.of("completions");

  @TempDir Path home;

  @ParameterizedTest
  @CsvSource({"bash, tern.bash", "zsh, _tern", "fish, tern.fish"})
  void theCommittedScriptIsWhatTernGeneratesNow(String shell, String file) throws IOException {
    Path committed = COMPLETIONS.resolve(file);
    String generated = new Cli(home).ok("completion", shell);
    String regenerate =
        "regenerate with scripts/completions (or: scripts/tern completion "
            + shell
            + " > completions/"
            + file
            + ")";
    assertThat(committed).as("completions/%s is missing: %s", file, regenerate).exists();
    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
        .as("completions/%s is stale: %s", file, regenerate)
        .isEqualTo(generated);
  }

  @Test
  void statesAndPrioritiesAreOffered() {
    Cli cli = new Cli(home);
    assertThat(cli.ok("completion", "bash"))
        .contains("(\"backlog\" \"todo\" \"in_progress\" \"done\" \"canceled\") # --state values")
        .contains("(\"none\" \"urgent\" \"high\" \"medium\" \"low\") # --priority values");
    assertThat(cli.ok("completion", "zsh"))
        .startsWith("#compdef tern\n")
        .contains("_describe -t commands")
        .contains(
            "'*--state=[Only these states (repeatable or comma-separated): backlog, todo,"
                + " in_progress, done, canceled.]:S:(backlog todo in_progress done canceled)'")
        .contains(
            "'--priority=[New priority: none, urgent, high, medium, low, or 0-4.]:P:"
                + "(none urgent high medium low)'")
        .doesNotContain("bashcompinit");
    assertThat(cli.ok("completion", "fish"))
        .contains("-l state -x -a 'backlog todo in_progress done canceled'")
        .contains("-l priority -x -a 'none urgent high medium low'")
        .contains("__fish_seen_subcommand_from label; and __fish_seen_subcommand_from add");
  }

  /** Each script parses in its own shell; skipped where that shell is not installed. */
  @ParameterizedTest
  @CsvSource({"bash, tern.bash", "zsh, _tern", "fish, tern.fish"})
  void theScriptParsesInItsShell(String shell, String file) throws Exception {
    Assumptions.assumeTrue(
        installed(shell), shell + " is not installed: completions/" + file + " not parsed");
    Process process =
        new ProcessBuilder(shell, "-n", COMPLETIONS.resolve(file).toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s -n completions/%s: %s", shell, file, output).isZero();
  }

  private static boolean installed(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }
}
