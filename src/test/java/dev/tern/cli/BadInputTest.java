package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path home;

  private Cli cli() {
    return new Cli(home);
  }

  @Test
  void unknownReferenceIsNotFound() {
    Cli cli = cli();
    cli.ok("new", "something");
    for (String[] args :
        new String[][] {
          {"show", "LOCAL-99"},
          {"show", "ffffffff"},
          {"edit", "ffffffff-ffff-ffff-ffff-ffffffffffff", "--title", "x"},
          {"comment", "abcdef01", "hi"},
          {"history", "ENG-1"}
        }) {
      Cli.Result result = cli.run(args);
      assertThat(result.code()).as(String.join(" ", args)).isEqualTo(ExitCode.NOT_FOUND);
      assertThat(result.err()).startsWith("tern: ").doesNotContain("Exception").hasLineCount(1);
    }
  }

  @Test
  void ambiguousPrefixIsAUsageErrorListingTheCandidates() throws Exception {
    Cli cli = cli();
    // Import two issues whose ids share a prefix.
    String lines =
        issueLine("abcd1111-0000-4000-8000-000000000001", "first twin")
            + issueLine("abcd2222-0000-4000-8000-000000000002", "second twin");
    cli.runWithInput(lines, "import", "-");
    Cli.Result result = cli.run("show", "abcd");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .contains("ambiguous")
        .contains("abcd1111")
        .contains("first twin")
        .contains("abcd2222")
        .contains("second twin")
        .hasLineCount(1);
    assertThat(cli.run("show", "abcd1").code()).isZero();
  }

  @Test
  void anAmbiguousPrefixStaysOneLineWhateverTheTitlesHold() throws Exception {
    Cli cli = cli();
    String lines =
        // Control characters cannot reach a title any more (the client keeps the server's text
        // rules); the titles are still long and odd, and the error must stay one line.
        issueLine("abcd1111-0000-4000-8000-000000000001", "two lines\u2028 [2J " + "x".repeat(300))
            + issueLine("abcd2222-0000-4000-8000-000000000002", "carriage return \u00a0");
    cli.runWithInput(lines, "import", "-");
    Cli.Result result = cli.run("show", "abcd");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).hasLineCount(1).doesNotContain("\r").doesNotContain("\u009b");
  }

  @Test
  void unknownStateOrPriorityListsTheAllowedValues() {
    Cli cli = cli();
    String key = cli.ok("new", "x").strip();
    Cli.Result state = cli.run("edit", key, "--state", "doing");
    assertThat(state.code()).isEqualTo(ExitCode.USAGE);
    assertThat(state.err())
        .contains("doing")
        .contains("backlog, todo, in_progress, done, canceled");
    Cli.Result priority = cli.run("new", "y", "--priority", "blocker");
    assertThat(priority.code()).isEqualTo(ExitCode.USAGE);
    assertThat(priority.err())
        .contains("blocker")
        .contains("0 none, 1 urgent, 2 high, 3 medium, 4 low");
    Cli.Result listed = cli.run("ls", "--state", "nope");
    assertThat(listed.code()).isEqualTo(ExitCode.USAGE);
    assertThat(listed.err()).contains("backlog, todo, in_progress, done, canceled");
    // nothing was written by the refused commands
    assertThat(cli.ok("log").lines()).hasSize(1);
  }

  @Test
  void unknownCommandOrOptionIsAUsageError() {
    Cli.Result result = cli().run("nwe", "x");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).doesNotContain("Exception");
  }

  @Test
  void aProfileFileThatIsNotOursIsRefusedInOneLineAndLeftAsItWas() throws Exception {
    Path store = home.resolve("default.db");
    byte[] before = "not a database, but someone's notes\n".repeat(100).getBytes();
    java.nio.file.Files.write(store, before);
    for (String[] args : new String[][] {{"ls"}, {"new", "x"}}) {
      Cli.Result result = cli().run(args);
      assertThat(result.code()).as(String.join(" ", args)).isEqualTo(ExitCode.FAILURE);
      assertThat(result.err())
          .startsWith("tern: ")
          .contains("not a tern store")
          .doesNotContain("Exception")
          .hasLineCount(1);
      assertThat(result.out()).isEmpty();
    }
    // Under --json the same one line is an error document on stdout (docs/json.md).
    Cli.Result json = cli().run("status", "--json");
    assertThat(json.code()).isEqualTo(ExitCode.FAILURE);
    assertThat(json.err()).isEmpty();
    assertThat(json.out())
        .startsWith("{\"error\":{\"code\":1,\"message\":")
        .contains("not a tern store")
        .hasLineCount(1);
    assertThat(java.nio.file.Files.readAllBytes(store)).isEqualTo(before);
    try (var files = java.nio.file.Files.list(home)) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("default.db");
    }
  }

  static String issueLine(String id, String title) throws Exception {
    return new ObjectMapper()
            .writeValueAsString(
                java.util.Map.of(
                    "id", id,
                    "team", "LOCAL",
                    "title", title,
                    "creator", "bob",
                    "createdAt", "2024-01-02T03:04:05.678Z",
                    "updatedAt", "2024-01-02T03:04:05.678Z"))
        + "\n";
  }
}
