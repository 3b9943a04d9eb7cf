package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One vocabulary for people, filters and references across commands: {@code me}/{@code @me}, {@code
 * none}, repeatable and excluding labels, priority lists, a reversed sort, a bare number as the
 * team's key, parent loops refused, and usage errors in plain words.
 */
class VocabularyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private List<String> titles(Cli cli, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    List<String> titles = new ArrayList<>();
    for (JsonNode issue : MAPPER.readTree(cli.ok(all.toArray(String[]::new)))) {
      titles.add(issue.get("title").asText());
    }
    return titles;
  }

  @Test
  void meAndNoneMeanTheSameInEveryCommand() throws Exception {
    Cli cli = new Cli(home);
    JsonNode mine = MAPPER.readTree(cli.ok("new", "mine", "--assignee", "me", "--json"));
    assertThat(mine.get("assignee").asText()).isEqualTo("alice");
    JsonNode at = MAPPER.readTree(cli.ok("new", "at", "--assignee", "@me", "--json"));
    assertThat(at.get("assignee").asText()).isEqualTo("alice");
    JsonNode bob = MAPPER.readTree(cli.ok("new", "bobs", "--assignee", "@bob", "--json"));
    assertThat(bob.get("assignee").asText()).isEqualTo("bob");
    JsonNode nobody = MAPPER.readTree(cli.ok("new", "nobody", "--assignee", "none", "--json"));
    assertThat(nobody.get("assignee").isNull()).isTrue();
    JsonNode edited =
        MAPPER.readTree(cli.ok("edit", bob.get("id").asText(), "--assignee", "me", "--json"));
    assertThat(edited.get("assignee").asText()).isEqualTo("alice");

    assertThat(titles(cli, "ls", "--assignee", "none")).containsExactly("nobody");
    assertThat(titles(cli, "ls", "--assignee", "@me"))
        .containsExactlyInAnyOrder("mine", "at", "bobs");
    assertThat(titles(cli, "ls", "--assignee", "me")).hasSize(3);
  }

  @Test
  void labelsRepeatSplitAndExclude() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("new", "both", "--label", "bug,ui");
    cli.ok("new", "bug only", "--label", "bug");
    cli.ok("new", "ui only", "--label", "ui");
    cli.ok("new", "bare");
    assertThat(titles(cli, "ls", "--label", "bug,ui")).containsExactly("both");
    assertThat(titles(cli, "ls", "--label", "bug", "--label", "ui")).containsExactly("both");
    assertThat(titles(cli, "ls", "--label", "bug", "--label", "-ui")).containsExactly("bug only");
    assertThat(titles(cli, "ls", "--label", "-bug")).containsExactlyInAnyOrder("ui only", "bare");
  }

  @Test
  void priorityListsAndAReversedSort() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("new", "urgent", "--priority", "urgent");
    cli.ok("new", "low", "--priority", "low");
    cli.ok("new", "high", "--priority", "high");
    assertThat(titles(cli, "ls", "--sort", "priority")).containsExactly("urgent", "high", "low");
    assertThat(titles(cli, "ls", "--sort", "-priority")).containsExactly("low", "high", "urgent");
    assertThat(titles(cli, "ls", "--priority", "urgent,low", "--sort", "priority"))
        .containsExactly("urgent", "low");
  }

  @Test
  void aBareNumberIsTheProfileTeamsKey() throws Exception {
    Cli cli = new Cli(home);
    String line =
        MAPPER.writeValueAsString(
                java.util.Map.of(
                    "id", "12345678-aaaa-4bbb-8ccc-000000000042",
                    "team", "LOCAL",
                    "number", 42,
                    "title", "forty-two",
                    "creator", "bob",
                    "createdAt", "2024-01-02T03:04:05.678Z",
                    "updatedAt", "2024-01-02T03:04:05.678Z"))
            + "\n";
    cli.runWithInput(line, "import", "-");
    assertThat(MAPPER.readTree(cli.ok("show", "42", "--json")).get("title").asText())
        .isEqualTo("forty-two");
    assertThat(cli.ok("close", "42")).isEqualTo("LOCAL-42\n");
    // A number that is no issue's number stays the start of an id.
    assertThat(MAPPER.readTree(cli.ok("show", "12345678", "--json")).get("key").asText())
        .isEqualTo("LOCAL-42");
    assertThat(cli.run("show", "7").code()).isNotZero();
  }

  @Test
  void stateCommandsAndEditTakeSeveralReferencesAndStdin() throws Exception {
    Cli cli = new Cli(home);
    String one = cli.ok("new", "one").strip();
    String two = cli.ok("new", "two").strip();
    String three = cli.ok("new", "three").strip();
    assertThat(cli.ok("close", one, two, one)).isEqualTo(one + "\n" + two + "\n");
    assertThat(titles(cli, "ls", "--state", "done")).containsExactlyInAnyOrder("one", "two");
    // One operation per issue, so each has its own history and undo.
    assertThat(MAPPER.readTree(cli.ok("history", one, "--json"))).hasSize(2);

    // A reference that names nothing stops the command before any issue changes.
    Cli.Result bad = cli.run("reopen", one, "ffff9999", two);
    assertThat(bad.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(bad.err()).contains("ffff9999");
    assertThat(titles(cli, "ls", "--state", "done")).containsExactlyInAnyOrder("one", "two");

    Cli.Result piped =
        cli.runWithInput(one + "\n\n# skipped\n" + three + "\n", "edit", "-", "--priority", "high");
    assertThat(piped.code()).isZero();
    assertThat(piped.out()).isEqualTo(one + "\n" + three + "\n");
    assertThat(titles(cli, "ls", "--all", "--priority", "high"))
        .containsExactlyInAnyOrder("one", "three");
    assertThat(cli.runWithInput("\n", "archive", "-").code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aLabelValueMayLookLikeAShortOption() throws Exception {
    Cli cli = new Cli(home);
    String tagged = cli.ok("new", "tagged", "--label", "a,e").strip();
    cli.ok("new", "plain");
    // -a is also ls --all, -e is edit --editor: after --label they are labels to exclude or remove.
    assertThat(titles(cli, "ls", "--label", "-a")).containsExactly("plain");
    assertThat(titles(cli, "ls", "--label=-a")).containsExactly("plain");
    JsonNode edited = MAPPER.readTree(cli.ok("edit", tagged, "--label", "-e", "--json"));
    assertThat(edited.get("labels").toString()).isEqualTo("[\"a\"]");
  }

  @Test
  void parentLoopsAreRefused() throws Exception {
    Cli cli = new Cli(home);
    String top = cli.ok("new", "top").strip();
    String middle = cli.ok("new", "middle", "--parent", top).strip();
    String bottom = cli.ok("new", "bottom", "--parent", middle).strip();
    Cli.Result loop = cli.run("edit", top, "--parent", bottom);
    assertThat(loop.code()).isEqualTo(ExitCode.USAGE);
    assertThat(loop.err()).contains("loop");
    Cli.Result self = cli.run("edit", top, "--parent", top);
    assertThat(self.code()).isEqualTo(ExitCode.USAGE);
    assertThat(self.err()).contains("own parent");
    assertThat(cli.run("edit", bottom, "--parent", top).code()).isZero();
    assertThat(cli.run("edit", bottom, "--parent", "none").code()).isZero();
  }

  @Test
  void usageErrorsAreInPlainWords() {
    Cli cli = new Cli(home);
    Cli.Result estimate = cli.run("new", "x", "--estimate", "abc");
    assertThat(estimate.code()).isEqualTo(ExitCode.USAGE);
    assertThat(estimate.err())
        .isEqualTo("tern: --estimate wants a whole number, not 'abc' (see 'tern new --help')\n");
    Cli.Result unknown = cli.run("ls", "--bogus");
    assertThat(unknown.err()).startsWith("tern: unknown option '--bogus'");
    Cli.Result missing = cli.run("new");
    assertThat(missing.err()).startsWith("tern: missing 'TITLE'");
    Cli.Result noValue = cli.run("ls", "--state");
    assertThat(noValue.err()).startsWith("tern: '--state' needs a value");
    assertThat(cli.run("nwe", "x").err()).startsWith("tern: unknown command 'nwe'");
    assertThat(cli.run("show", "A", "B").err()).startsWith("tern: unexpected 'B'");
    for (Cli.Result result : List.of(estimate, unknown, missing, noValue)) {
      assertThat(result.err())
          .doesNotContain("Invalid value", "Missing required", "Unknown option");
    }
  }
}
