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
 * {@code tern comment rm ID}: an operation like any edit (pending until pushed, in history,
 * undoable), named by the short id that {@code comment} prints and {@code show} lists.
 */
class CommentCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  @Test
  void aDeletedCommentLeavesShowButStaysInHistoryAndUndoBringsItBack() throws Exception {
    Cli cli = new Cli(home);
    String key = cli.ok("new", "Login fails").strip();
    String shortId = cli.ok("comment", key, "first").strip();
    cli.ok("comment", key, "second");
    assertThat(cli.ok("show", key)).contains(shortId);

    assertThat(cli.ok("comment", "rm", shortId.substring(0, 6)))
        .isEqualTo(shortId + " deleted (tern undo brings it back)\n");
    JsonNode shown = MAPPER.readTree(cli.ok("show", key, "--json"));
    assertThat(shown.get("comments")).hasSize(1);
    assertThat(shown.get("comments").get(0).get("body").asText()).isEqualTo("second");

    JsonNode history = MAPPER.readTree(cli.ok("history", key, "--json"));
    JsonNode deletion = history.get(history.size() - 1);
    assertThat(deletion.get("kind").asText()).isEqualTo("comment.update");
    assertThat(deletion.get("status").asText()).isEqualTo("pending");
    assertThat(deletion.get("changes").toString())
        .isEqualTo("[{\"field\":\"deleted\",\"from\":false,\"to\":true}]");
    assertThat(MAPPER.readTree(cli.ok("log", "--pending", "--json")).get(0).get("id"))
        .isEqualTo(deletion.get("id"));

    Cli.Result again = cli.run("comment", "delete", shortId);
    assertThat(again.code()).isEqualTo(ExitCode.USAGE);
    assertThat(again.err()).contains("already deleted");
    assertThat(cli.run("comment", "rm", "ffff0000").code()).isEqualTo(ExitCode.NOT_FOUND);

    cli.ok("undo");
    assertThat(MAPPER.readTree(cli.ok("show", key, "--json")).get("comments")).hasSize(2);
  }

  @Test
  void editRewritesTheTextIsMarkedInShowAndHistoryAndUndoPutsItBack() throws Exception {
    Cli cli = new Cli(home);
    String key = cli.ok("new", "Login fails").strip();
    String shortId = cli.ok("comment", key, "frist").strip();

    JsonNode edited = MAPPER.readTree(cli.ok("comment", "edit", shortId, "first", "--json"));
    assertThat(edited.get("body").asText()).isEqualTo("first");
    assertThat(edited.get("edited").asBoolean()).isTrue();
    assertThat(cli.ok("show", key)).contains(shortId + "  (edited)").contains("  first\n");
    JsonNode shown = MAPPER.readTree(cli.ok("show", key, "--json")).get("comments").get(0);
    assertThat(shown.get("edited").asBoolean()).isTrue();
    assertThat(cli.ok("history", key)).contains("comment edited").contains("body: \"first\"");
    JsonNode history = MAPPER.readTree(cli.ok("history", key, "--json"));
    assertThat(history.get(history.size() - 1).get("changes").toString())
        .isEqualTo("[{\"field\":\"body\",\"from\":\"frist\",\"to\":\"first\"}]");

    Cli.Result same = cli.run("comment", "edit", shortId, "first");
    assertThat(same.code()).isEqualTo(ExitCode.USAGE);
    assertThat(same.err()).isEqualTo("tern: the comment already says that; nothing changed\n");
    assertThat(cli.run("comment", "edit", shortId, " ").code()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.run("comment", "edit", "ffff0000", "x").code()).isEqualTo(ExitCode.NOT_FOUND);

    cli.ok("undo");
    assertThat(
            MAPPER
                .readTree(cli.ok("show", key, "--json"))
                .get("comments")
                .get(0)
                .get("body")
                .asText())
        .isEqualTo("frist");
    cli.ok("comment", "rm", shortId);
    assertThat(cli.run("comment", "edit", shortId, "again").err()).contains("is deleted");
  }

  @Test
  void editWithoutTextOpensTheEditorOnTheCurrentText() throws Exception {
    Path script = home.resolve("editor.sh");
    Files.writeString(script, "#!/bin/sh\nprintf '# not a comment line\\n' >> \"$1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Cli cli = new Cli(home, Map.of("EDITOR", script.toString()));
    String key = cli.ok("new", "x").strip();
    String shortId = cli.ok("comment", key, "line one").strip();
    cli.ok("comment", "edit", shortId);
    // The text is edited as it is: a '#' line is markdown here, not a comment to drop.
    assertThat(
            MAPPER
                .readTree(cli.ok("show", key, "--json"))
                .get("comments")
                .get(0)
                .get("body")
                .asText())
        .isEqualTo("line one\n# not a comment line");
  }

  @Test
  void rmUnderJsonPrintsTheCommentMarkedDeleted() throws Exception {
    Cli cli = new Cli(home);
    String key = cli.ok("new", "x").strip();
    JsonNode comment = MAPPER.readTree(cli.ok("comment", key, "hello", "--json"));
    JsonNode removed =
        MAPPER.readTree(cli.ok("comment", "rm", comment.get("id").asText(), "--json"));
    assertThat(removed.get("id")).isEqualTo(comment.get("id"));
    assertThat(removed.get("key").asText()).isEqualTo(key);
    assertThat(removed.get("deleted").asBoolean()).isTrue();
    assertThat(cli.run("comment").err()).startsWith("tern: missing 'REF'");
  }
}
