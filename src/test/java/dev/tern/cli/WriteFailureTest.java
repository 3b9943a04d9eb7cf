package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that could not be written is a failure (exit 1, one line on stderr), tested on real
 * processes writing to {@code /dev/full}; a reader that closed the pipe is not, and stays quiet.
 */
@EnabledOnOs(OS.LINUX)
class WriteFailureTest {
  @TempDir Path home;

  @Test
  void aFullDiskFailsTheCommandInOneLine() throws Exception {
    new Cli(home).ok("new", "something to print");
    for (String[] args : new String[][] {{"ls"}, {"export"}, {"ls", "--json"}}) {
      List<String> words = List.of(args);
      ProcessBuilder builder = tern(words);
      builder.redirectOutput(new File("/dev/full"));
      Path err = home.resolve("err.txt");
      builder.redirectError(err.toFile());
      Process process = builder.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as("tern %s: %s", words, stderr).isEqualTo(ExitCode.FAILURE);
      assertThat(stderr)
          .startsWith("tern: cannot write output: ")
          .contains("No space left on device")
          .hasLineCount(1);
    }
  }

  @Test
  void aClosedPipeStaysQuiet() throws Exception {
    StringBuilder script = new StringBuilder();
    for (int index = 0; index < 300; index++) {
      script.append("new \"issue number ").append(index).append("\"\n");
    }
    new Cli(home).runWithInput(script.toString(), "batch", "--atomic");
    ProcessBuilder builder = tern(List.of("export"));
    Path err = home.resolve("err.txt");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    // The reader reads one byte and goes away, as `tern export | head -c 1` does.
    assertThat(process.getInputStream().read()).isNotNegative();
    process.getInputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty();
    assertThat(process.exitValue()).isZero();
  }

  private ProcessBuilder tern(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TERN_HOME", home.toString());
    builder.environment().put("USER", "alice");
    builder.environment().remove("TERN_PROFILE");
    return builder;
  }
}
