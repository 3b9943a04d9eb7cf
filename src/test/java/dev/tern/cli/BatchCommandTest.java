package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {
  private static final String SCRIPT =
      String.join(
          "\n",
          "# a comment line, skipped",
          "new \"first one\" --label a",
          "",
          "tern new second",
          "edit ffffffff --title nope",
          "new third");

  @TempDir Path home;
  private Cli cli;

  @BeforeEach
  void cli() {
    cli = new Cli(home);
  }

  @Test
  void atomicRollsBackEverythingWhenOneLineFails() {
    Cli.Result result = cli.runWithInput(SCRIPT, "batch", "--atomic");
    assertThat(result.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(result.err()).contains("line 5").contains("rolled back");
    assertThat(cli.run("ls", "--all").out()).isEmpty();
    assertThat(cli.ok("log")).isEmpty();
    assertThat(cli.run("undo").out() + cli.run("undo").err()).doesNotContain("first one");
    // The sequence was rolled back too: the next operation is number 1.
    cli.ok("new", "after");
    assertThat(cli.ok("log", "--json")).contains("\"seq\":1,").doesNotContain("\"seq\":2,");
  }

  @Test
  void atomicCommitsWhenEveryLineSucceeds() {
    Cli.Result result =
        cli.runWithInput("new one\nnew two\nnew three --priority high\n", "batch", "--atomic");
    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(cli.ok("ls").lines()).hasSize(4);
  }

  @Test
  void withoutAtomicAFailedLineIsReportedAndTheRestRuns() {
    Cli.Result result = cli.runWithInput(SCRIPT, "batch");
    assertThat(result.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(result.err()).contains("line 5");
    assertThat(cli.ok("ls"))
        .contains("first one")
        .contains("second")
        .contains("third")
        .doesNotContain("nope");
  }

  @Test
  void jsonGivesOneLinePerCommand() throws Exception {
    Cli.Result result =
        cli.runWithInput(
            "new one\n# skipped\nnew two --label x\nls\nshow ffffffff\nstatus\n",
            "batch",
            "--json");
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(5);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("title").asText()).isEqualTo("one");
    assertThat(mapper.readTree(lines.get(1)).get("labels").get(0).asText()).isEqualTo("x");
    assertThat(mapper.readTree(lines.get(2)).isArray()).isTrue();
    assertThat(mapper.readTree(lines.get(2))).hasSize(2);
    // The error document of docs/json.md, with the line's number.
    JsonNode failed = mapper.readTree(lines.get(3)).get("error");
    assertThat(failed.get("line").asInt()).isEqualTo(5);
    assertThat(failed.get("code").asInt()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(failed.get("message").asText()).contains("ffffffff");
    assertThat(mapper.readTree(lines.get(4)).isObject()).isTrue();
  }

  @Test
  void everyLineKeepsTheBatchsProfileAndJsonWhateverTreeItRunsOn() throws Exception {
    // Everyday commands and the rest run on different command trees, each built at its first
    // line: each must start from the options given to the batch.
    Cli.Result result =
        cli.runWithInput(
            "new one\nconflicts\nshow nothing-here\nnew two\nls\n",
            "--profile",
            "work",
            "--json",
            "batch");
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(5);
    ObjectMapper mapper = new ObjectMapper();
    for (String line : lines) {
      mapper.readTree(line);
    }
    assertThat(mapper.readTree(lines.get(2)).get("error").get("line").asInt()).isEqualTo(3);
    assertThat(mapper.readTree(lines.get(4))).hasSize(2);
    assertThat(cli.ok("--profile", "work", "ls")).contains("one").contains("two");
    assertThat(cli.run("ls").out()).doesNotContain("one");
  }

  @Test
  void batchInsideBatchIsRefused() {
    Cli.Result result = cli.runWithInput("batch\nnew ok\n", "batch");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).contains("line 1").contains("cannot run inside a batch");
    assertThat(cli.ok("ls")).contains("ok");
  }
}
