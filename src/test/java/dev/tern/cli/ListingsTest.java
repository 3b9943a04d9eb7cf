package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bare {@code tern}, {@code tern label ls} and {@code tern profile ls}. */
class ListingsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  @Test
  void bareTernPrintsTheCommandList() {
    Cli.Result result = new Cli(home).run();
    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Commands:").contains("new").contains("ls, list");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void labelLsCountsTheIssuesCarryingEachLabel() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("new", "a", "--label", "bug,ui");
    cli.ok("new", "b", "--label", "bug");
    String archived = cli.ok("new", "c", "--label", "gone").strip();
    cli.ok("archive", archived);
    assertThat(cli.ok("label", "ls")).isEqualTo("LABEL  ISSUES\nbug    2\nui     1\n");
    JsonNode json = MAPPER.readTree(cli.ok("label", "ls", "--json"));
    assertThat(json.toString())
        .isEqualTo("[{\"label\":\"bug\",\"issues\":2},{\"label\":\"ui\",\"issues\":1}]");
  }

  @Test
  void profileLsListsEveryProfileAndMarksTheCurrentOne() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("new", "a");
    cli.ok("--profile", "work", "new", "b");
    cli.ok("--profile", "work", "new", "c");
    Files.writeString(home.resolve("notes.txt"), "not a profile");
    String text = cli.ok("profile", "ls");
    assertThat(text.lines().toList()).hasSize(2);
    assertThat(text.lines().toList().get(0)).startsWith("* default").contains("1 issues");
    assertThat(text.lines().toList().get(1)).startsWith("  work").contains("2 issues");
    JsonNode json = MAPPER.readTree(cli.ok("--profile", "work", "profile", "ls", "--json"));
    assertThat(json).hasSize(2);
    assertThat(json.get(0).get("current").asBoolean()).isFalse();
    assertThat(json.get(1).get("profile").asText()).isEqualTo("work");
    assertThat(json.get(1).get("current").asBoolean()).isTrue();
    assertThat(json.get(1).get("issues").asInt()).isEqualTo(2);
  }

  @Test
  void aReadOnAProfileThatDoesNotExistIsRefusedAndCreatesNothing() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("--profile", "work", "new", "b");
    for (String[] read :
        new String[][] {
          {"--profile", "wrok", "ls"},
          {"show", "--profile", "wrok", "abcd"},
          {"--profile", "wrok", "status"},
          {"--profile", "wrok", "log"}
        }) {
      Cli.Result refused = cli.run(read);
      assertThat(refused.code()).isEqualTo(ExitCode.NOT_FOUND);
      assertThat(refused.err())
          .isEqualTo(
              "tern: no profile 'wrok' (profiles: work); a command that writes, such as"
                  + " 'tern --profile wrok new', creates it\n");
    }
    assertThat(home.resolve("wrok.db")).doesNotExist();
    Cli.Result json = new Cli(home, java.util.Map.of("TERN_PROFILE", "wrok")).run("ls", "--json");
    assertThat(json.code()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(json.out()).startsWith("{\"error\":{\"code\":3,");
    // The default profile and a write on a new name work as before.
    assertThat(cli.run("ls").code()).isZero();
    assertThat(cli.run("--profile", "fresh", "new", "x").code()).isZero();
    assertThat(cli.run("--profile", "fresh", "ls").code()).isZero();
  }
}
