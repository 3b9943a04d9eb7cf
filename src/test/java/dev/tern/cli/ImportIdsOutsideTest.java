package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found from outside: {@code tern import} took any text as an issue's id. An imported issue with id
 * {@code ENG-1} was then the target of whatever was done to it: {@code tern close} on its own key
 * closed ENG-1 instead, because the id is looked up as a reference again. Ids in the file must be
 * UUIDs, as tern export writes them.
 */
class ImportIdsOutsideTest {
  @TempDir Path home;

  @Test
  void anIssueWhoseIdIsShapedLikeAKeyIsRefusedWithAUsageError() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("new", "the real first issue");
    Path file = home.resolve("issues.jsonl");
    Files.writeString(
        file,
        "{\"id\":\"ENG-1\",\"team\":\"LOCAL\",\"title\":\"decoy\",\"creator\":\"mallory\","
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}\n");
    Cli.Result result = cli.run("import", file.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("must be a UUID").doesNotContain("Exception");
    assertThat(cli.ok("ls", "--json")).doesNotContain("decoy");
  }

  @Test
  void aCommentIdThatIsNotAUuidIsRefused() throws Exception {
    Cli cli = new Cli(home);
    Path file = home.resolve("issues.jsonl");
    Files.writeString(
        file,
        "{\"id\":\"7f3a0c9e-1111-4222-8333-944455556666\",\"team\":\"LOCAL\",\"title\":\"t\","
            + "\"creator\":\"alice\",\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"comments\":[{\"id\":\"c1\","
            + "\"author\":\"alice\",\"body\":\"hi\",\"createdAt\":\"2026-01-01T00:00:00Z\"}]}\n");
    Cli.Result result = cli.run("import", file.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("comment").contains("must be a UUID");
  }

  @Test
  void aParentThatIsNotAUuidIsRefused() throws Exception {
    Cli cli = new Cli(home);
    Path file = home.resolve("issues.jsonl");
    Files.writeString(
        file,
        "{\"id\":\"7f3a0c9e-1111-4222-8333-944455556666\",\"team\":\"LOCAL\",\"title\":\"t\","
            + "\"parent\":\"nope\",\"creator\":\"alice\",\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\"}\n");
    Cli.Result result = cli.run("import", file.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("parent").contains("must be a UUID");
  }
}
