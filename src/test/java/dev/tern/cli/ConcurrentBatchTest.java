package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import dev.tern.replica.StoreInvariants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four real {@code tern batch} processes make 250 edits each on one profile at the same time: all
 * 1,000 operations land, the sequence has no gaps, and no process reports an error (a SQLITE_BUSY
 * surfacing to the user would show on stderr and in the exit code).
 */
class ConcurrentBatchTest {
  private static final int PROCESSES = 4;
  private static final int EDITS = 250;

  @TempDir Path home;

  @Test
  void fourProcessesTimes250EditsLoseNothing() throws Exception {
    // The profile does not exist yet: the four processes also race to create it. Each first
    // imports the issue it will edit (one op), then makes its 250 edits.
    Cli cli = new Cli(home);
    Path store = home.resolve("default.db");
    Files.createDirectories(home);

    List<Process> children = new ArrayList<>();
    List<Path> errors = new ArrayList<>();
    for (int process = 0; process < PROCESSES; process++) {
      Path script = home.resolve("batch-" + process + ".txt");
      Path seed = home.resolve("seed-" + process + ".jsonl");
      Files.writeString(seed, BadInputTest.issueLine(issueId(process), "shared " + process));
      List<String> scriptLines = new ArrayList<>();
      scriptLines.add("import --json " + seed);
      scriptLines.addAll(lines(process));
      Files.write(script, scriptLines, StandardCharsets.UTF_8);
      Path err = home.resolve("err-" + process + ".txt");
      errors.add(err);
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName(),
              "batch",
              "-f",
              script.toString());
      builder.environment().put("TERN_HOME", home.toString());
      builder.environment().put("USER", "worker" + process);
      builder.environment().remove("TERN_PROFILE");
      builder.redirectOutput(home.resolve("out-" + process + ".txt").toFile());
      builder.redirectError(err.toFile());
      children.add(builder.start());
    }
    for (int process = 0; process < PROCESSES; process++) {
      Process child = children.get(process);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("process %d finished", process).isTrue();
      assertThat(Files.readString(errors.get(process)))
          .as("stderr of process %d", process)
          .isEmpty();
      assertThat(child.exitValue()).as("exit of process %d", process).isZero();
    }

    StoreInvariants.Summary after = StoreInvariants.check(store);
    assertThat(after.ops()).isEqualTo(PROCESSES * (1 + EDITS));
    assertThat(after.comments()).isEqualTo(PROCESSES * (EDITS / 4));
    // Every process's last title edit is the one the issue shows.
    for (int process = 0; process < PROCESSES; process++) {
      assertThat(cli.ok("show", issueId(process), "--json"))
          .contains("\"title\":\"p" + process + " title " + (EDITS - 1) + "\"");
    }
  }

  private static String issueId(int process) {
    return "aaaa000" + process + "-0000-4000-8000-000000000000";
  }

  /** 250 edits, each sure to change something: new, edit title, comment, add a label. */
  private static List<String> lines(int process) {
    String ref = "aaaa000" + process;
    List<String> lines = new ArrayList<>();
    for (int index = 0; index < EDITS; index++) {
      lines.add(
          switch (index % 4) {
            case 0 -> "new \"p" + process + " issue " + index + "\"";
            case 1 -> "edit " + ref + " --title \"p" + process + " title " + index + "\"";
            case 2 -> "comment " + ref + " \"p" + process + " comment " + index + "\"";
            default -> "edit " + ref + " --label +l" + index;
          });
    }
    return lines;
  }
}
