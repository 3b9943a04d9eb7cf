package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cut table counts the rest only up to {@code IssueView.COUNTED}, so that its cost does not grow
 * with the store (docs/json.md, "Nothing left out silently"); {@code --json} still holds every
 * issue.
 */
class ListCountTest {
  @TempDir Path home;

  @Test
  void aTableCutFromMoreThanAThousandSaysMoreThanAndJsonHoldsThemAll() throws Exception {
    Cli cli = new Cli(home);
    StringBuilder lines = new StringBuilder();
    for (int index = 0; index < 1_005; index++) {
      lines
          .append("{\"id\":\"")
          .append(new UUID(7, index))
          .append("\",\"team\":\"LOCAL\",\"title\":\"issue ")
          .append(index)
          .append("\",\"creator\":\"alice\",\"createdAt\":\"2026-01-01T00:00:00Z\",")
          .append("\"updatedAt\":\"2026-01-01T00:00:00Z\"}\n");
    }
    Path file = home.resolve("issues.jsonl");
    Files.writeString(file, lines);
    assertThat(cli.run("import", file.toString()).code()).isZero();

    Cli.Result table = cli.run("ls");
    assertThat(table.out().split("\n")).hasSize(51);
    assertThat(table.err()).contains("50 of more than 1000 issues shown; --limit 0 shows all");
    // A limit just under the bound: the rest is still past it.
    assertThat(cli.run("ls", "--limit", "999").err()).contains("999 of more than 1000 issues");
    assertThat(cli.run("ls", "--search", "issue", "--limit", "10").err())
        .contains("10 of more than 1000 issues shown");
    assertThat(cli.run("ls", "--limit", "0").err()).isEmpty();
    assertThat(cli.run("--json", "ls").out().split("\"title\"")).hasSize(1_006);

    // Under the bound the count is exact: "1" as a word prefix matches issues 1, 10-19,
    // 100-199 and 1000-1004.
    assertThat(cli.run("ls", "--search", "issue 1").err()).contains("50 of 116 issues shown");
  }
}
