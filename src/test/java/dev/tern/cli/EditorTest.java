package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code new} and {@code comment} without their text open the editor as {@code git commit} does: a
 * template with '#' help lines, which are dropped; an empty message creates nothing. The editor is
 * a real script, run by the shell the way a user's $EDITOR is.
 */
class EditorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  /**
   * An editor that keeps a copy of the template it was given in {@code seen} and saves {@code
   * written} in its place.
   */
  private Map<String, String> editor(String written) throws Exception {
    Path answer = Files.writeString(home.resolve("answer.txt"), written);
    Path script = home.resolve("editor.sh");
    Files.writeString(
        script,
        "#!/bin/sh\ncp \"$1\" '" + home.resolve("seen.txt") + "'\ncat '" + answer + "' > \"$1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return Map.of("EDITOR", script.toString());
  }

  private String seen() throws Exception {
    return Files.readString(home.resolve("seen.txt"));
  }

  @Test
  void newWithoutATitleTakesTitleAndDescriptionFromTheEditor() throws Exception {
    Cli cli = new Cli(home, editor("Crash on start\n\nSteps:\n# not kept\n1. open it\n\n"));
    JsonNode issue = MAPPER.readTree(cli.ok("new", "--priority", "high", "--json"));
    assertThat(issue.get("title").asText()).isEqualTo("Crash on start");
    assertThat(issue.get("description").asText()).isEqualTo("Steps:\n1. open it");
    assertThat(issue.get("priority").asInt()).isEqualTo(2);
    assertThat(seen()).startsWith("\n").contains("# The first line is the new issue's title");
  }

  @Test
  void anEmptyMessageAbortsAndCreatesNothing() throws Exception {
    Cli cli = new Cli(home, editor("# only help left\n\n   \n"));
    Cli.Result aborted = cli.run("new");
    assertThat(aborted.code()).isEqualTo(ExitCode.USAGE);
    assertThat(aborted.err()).isEqualTo("tern: empty issue; nothing was saved\n");
    assertThat(MAPPER.readTree(cli.ok("ls", "--all", "--json"))).isEmpty();

    String key = new Cli(home).ok("new", "target").strip();
    Cli.Result noComment = cli.run("comment", key);
    assertThat(noComment.code()).isEqualTo(ExitCode.USAGE);
    assertThat(noComment.err()).isEqualTo("tern: empty comment; nothing was saved\n");
    assertThat(MAPPER.readTree(cli.ok("show", key, "--json")).get("comments")).isEmpty();
  }

  @Test
  void commentWithoutTextOpensTheEditorOnATemplateNamingTheIssue() throws Exception {
    String key = new Cli(home).ok("new", "Login fails").strip();
    Cli cli = new Cli(home, editor("Seen on 4G too.\n# dropped\nTwice.\n"));
    JsonNode comment = MAPPER.readTree(cli.ok("comment", key, "--json"));
    assertThat(comment.get("body").asText()).isEqualTo("Seen on 4G too.\nTwice.");
    assertThat(seen()).contains("# Comment on " + key + ": Login fails");
  }

  @Test
  void withoutAnEditorOrATerminalTheTextIsMissing() {
    Cli cli = new Cli(home);
    Cli.Result result = cli.run("new");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).startsWith("tern: missing 'TITLE'");
    String key = cli.ok("new", "x").strip();
    assertThat(cli.run("comment", key).code()).isEqualTo(ExitCode.USAGE);
  }
}
