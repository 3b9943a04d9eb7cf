package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell completion offers live values: the committed scripts, run in real shells, ask a real {@code
 * tern} process ({@code tern __complete}) and get states, labels and issue references from the
 * store.
 */
class ShellCompletionTest {
  @TempDir Path home;
  private Path bin;
  private String key;

  @BeforeEach
  void storeWithIssues() throws Exception {
    Cli cli = new Cli(home);
    key = cli.ok("new", "Fix the frobnicator", "--label", "backend").strip();
    cli.ok("new", "Write the docs", "--label", "docs");
    // `tern` on PATH: this build's classes, as the installed launcher would run them.
    bin = Files.createDirectories(home.resolve("bin"));
    Path tern = bin.resolve("tern");
    Files.writeString(
        tern,
        "#!/bin/sh\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -XX:TieredStopAtLevel=1 -Xshare:auto -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + Main.class.getName()
            + " \"$@\"\n");
    tern.toFile().setExecutable(true);
  }

  @Test
  void theHiddenCommandOffersValuesFromTheStore() {
    Cli cli = new Cli(home);
    assertThat(cli.ok("__complete", "--", "edit", "--state", "").lines())
        .containsExactly("backlog", "todo", "in_progress", "done", "canceled");
    assertThat(cli.ok("__complete", "--", "show", key.substring(0, 4)))
        .isEqualTo(key + "\tFix the frobnicator\n");
    assertThat(cli.ok("__complete", "--", "edit", key, "--label", "-b"))
        .isEqualTo("-backend\t1 issue\n");
    assertThat(cli.ok("__complete", "--", "ls", "--sort=p")).isEqualTo("--sort=priority\n");
    assertThat(cli.ok("__complete", "--", "comment", key, "-F", "")).isEqualTo(":files\n");
    assertThat(cli.ok("__complete", "--", "__comp")).as("hidden").isEmpty();
    // A profile that has no store yet is not created by completing.
    assertThat(cli.ok("__complete", "--", "--profile", "typo", "show", "")).isEmpty();
    assertThat(home.resolve("typo.db")).doesNotExist();
  }

  @Test
  void bashCompletesThroughCompWords() throws Exception {
    String script =
        "source completions/tern.bash\n"
            + "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _tern;"
            + " echo \"${COMPREPLY[*]}\"; }\n"
            + "t tern edit --state ''\n"
            + "t tern show "
            + key.substring(0, 5)
            + "\n"
            + "t tern ls --label = d\n"
            + "t tern cl\n";
    List<String> lines = shell("bash", "-c", script).lines().toList();
    assertThat(lines)
        .containsExactly("backlog todo in_progress done canceled", key, "docs", "close");
  }

  @Test
  void fishCompletesFromTheStore() throws Exception {
    Assumptions.assumeTrue(installed("fish"), "fish is not installed");
    String output =
        shell(
            "fish",
            "--no-config",
            "-c",
            "source completions/tern.fish; complete -C 'tern show "
                + key.substring(0, 4)
                + "'; complete -C 'tern edit --priority u'");
    assertThat(output.lines()).containsExactly(key + "\tFix the frobnicator", "urgent");
  }

  /**
   * zsh's completion widgets only run inside its line editor, so {@code _describe} is stood in by a
   * function that prints what it was given; the rest is the committed {@code _tern} in real zsh.
   */
  @Test
  void zshDescribesIssuesWithTheirTitles() throws Exception {
    Assumptions.assumeTrue(installed("zsh"), "zsh is not installed");
    String output =
        shell(
            "zsh",
            "-f",
            "-c",
            "compdef() { :; }\n"
                + "_describe() { print -l -- \"${(@P)${@[-1]}}\"; }\n"
                + "source completions/_tern\n"
                + "words=(tern show ''); CURRENT=3; PREFIX=''\n"
                + "_tern\n"
                + "words=(tern ls --state=in); CURRENT=3; PREFIX=--state=in\n"
                + "_tern\n");
    assertThat(output.lines())
        .contains(key + ":Fix the frobnicator")
        .contains("--state=in_progress");
  }

  private String shell(String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("TERN_HOME", home.toString());
    builder.environment().put("USER", "alice");
    builder.environment().remove("TERN_PROFILE");
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  static boolean installed(String program) {
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
