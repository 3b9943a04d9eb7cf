package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
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
